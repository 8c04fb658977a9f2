"""System checks: ``spamfilter.W001`` warns when no model is active."""

from __future__ import annotations

from django.core.checks import Warning
from django.db import DatabaseError

from .models import ModelVersion


def check_active_model(app_configs=None, **kwargs):
    try:
        active = ModelVersion.objects.filter(is_active=True).exists()
    except DatabaseError:
        # Tables not migrated yet (e.g. before the first `migrate`).
        return []
    if active:
        return []
    return [
        Warning(
            "No active spam-filter model: every comment will be held for moderation.",
            hint="Run `manage.py train_spamfilter` (or activate a version with "
            "`manage.py spamfilter_models activate VERSION`).",
            id="spamfilter.W001",
        )
    ]
