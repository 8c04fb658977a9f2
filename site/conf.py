"""The project's own settings (``WARTA_*`` read by ``warta_site``): one getter,
defaults here and nowhere else, read at call time so ``override_settings`` works.

``settings.WARTA_<NAME>`` wins, then (for :data:`FROM_ENVIRONMENT`) the
environment variable of the same name, then the default.
"""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings

from .settings.env import env_bool, env_int

DEFAULTS: dict[str, Any] = {
    # Reader pages from the shared cache (cache.py); production turns it on.
    "PAGE_CACHE": False,
    "PAGE_CACHE_SECONDS": 600,
    # Query parameters whose pages are cached; any other one bypasses the cache.
    "PAGE_CACHE_QUERY_PARAMS": ("halaman", "komentar", "kategori", "tag"),
    # Form fields a "coba lagi" page keeps hidden when it offers to send again.
    "RETRY_HIDDEN_FIELDS": (
        "article",
        "timestamp",
        "security_hash",
        "nonce",
        "parent",
        "notify_on_reply",
        "catatan",
        "next",
    ),
    # Admin login throttling: failures per address and username per window.
    "LOGIN_MAX_FAILURES": 5,
    "LOGIN_WINDOW_SECONDS": 15 * 60,
}

#: Settings an operator may also set as environment variables.
FROM_ENVIRONMENT = {
    "PAGE_CACHE",
    "PAGE_CACHE_SECONDS",
    "LOGIN_MAX_FAILURES",
    "LOGIN_WINDOW_SECONDS",
}


def setting(name: str) -> Any:
    """The value of the project setting ``WARTA_<name>``."""
    default = DEFAULTS[name]
    full = f"WARTA_{name}"
    if hasattr(settings, full):
        return getattr(settings, full)
    if name in FROM_ENVIRONMENT and full in os.environ:
        parse = env_bool if isinstance(default, bool) else env_int
        return parse(full, default)
    return default
