"""Filters of the moderation pages: ``percent`` and ``reason_label``."""

from __future__ import annotations

from django import template

from ..admin import display

register = template.Library()
register.filter("percent", display.percent)
register.filter("reason_label", display.reason_label)
