"""The comments app's settings, read at call time so ``override_settings`` works.

Every ``WARTA_COMMENTS_*`` setting has its default here; ``site/settings/base.py``
lists them for operators.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # The form: a reader needs at least this long, and the form expires after.
    "MIN_FILL_SECONDS": 3,
    "FORM_MAX_AGE_SECONDS": 2 * 60 * 60,
    "MAX_LENGTH": 3000,
    "MAX_LINKS": 2,
    # Guards: comments per IP hash per window; the same text again within a window.
    "RATE_LIMIT": 5,
    "RATE_WINDOW_SECONDS": 10 * 60,
    "DUPLICATE_WINDOW_SECONDS": 24 * 60 * 60,
    "REPORT_RATE_LIMIT": 10,
    "REPORT_RATE_WINDOW_SECONDS": 60 * 60,
    # Screening: seconds the spam filter may take before the comment is held.
    "SCREENING_TIMEOUT": 2.0,
    "PER_PAGE": 20,
    "SPAM_RETENTION_DAYS": 30,
    # Privacy: the salt of the IP hash ("" = derived from SECRET_KEY) and the one
    # request header a trusted reverse proxy sets to the client address
    # (e.g. "HTTP_X_REAL_IP"); "" = REMOTE_ADDR only.
    "IP_SALT": "",
    "TRUSTED_PROXY_HEADER": "",
}


def setting(name: str) -> Any:
    """``settings.WARTA_COMMENTS_<name>``, or its default."""
    return getattr(settings, f"WARTA_COMMENTS_{name}", DEFAULTS[name])
