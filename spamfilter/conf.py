"""The filter's settings, read at call time so ``override_settings`` works.

Every ``WARTA_SPAMFILTER_*`` setting the filter reads has its default here and
nowhere else (``WARTA_SPAMFILTER_RETRAIN_*`` tune when and how the comments app
retrains it: see ``comments/conf.py``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # Where model files are written; None = BASE_DIR / "var" / "spamfilter".
    "MODEL_DIR": None,
    # Seconds between two looks at which version is active (other processes
    # pick up an activation within this time).
    "ACTIVE_CHECK_SECONDS": 5,
    # Moderators' labels weigh this many corpus rows in training.
    "MODERATOR_WEIGHT": 5.0,
}


def setting(name: str) -> Any:
    """``settings.WARTA_SPAMFILTER_<name>``, or its default."""
    return getattr(settings, f"WARTA_SPAMFILTER_{name}", DEFAULTS[name])
