"""Filters of the moderation pages: percent, reason labels, reason texts."""

from __future__ import annotations

from django import template

from ..admin import display

register = template.Library()
register.filter("percent", display.percent)
register.filter("reason_label", display.reason_label)
register.filter("reason_texts", display.reason_texts)
