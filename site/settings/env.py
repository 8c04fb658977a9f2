"""Reading configuration from the environment.

Every settings module goes through these helpers so that a value is parsed the same
way everywhere ("false" is false, lists are comma separated, URLs are URLs).
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"Set the {name} environment variable.")
    return value


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number.") from exc


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def cache_from_url(url: str) -> dict[str, Any]:
    """Translate a cache URL into a Django ``CACHES`` entry.

    ``locmem://``, ``dummy://``, ``db://table_name``, ``file:///path`` and
    ``redis://host:port/db`` (Django's Redis backend, failing open) are understood.
    """
    parts = urlsplit(url)
    scheme = parts.scheme
    options = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    timeout = int(options.pop("timeout", 300))
    if scheme == "locmem":
        backend = {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": parts.netloc or "warta",
        }
    elif scheme == "dummy":
        backend = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    elif scheme == "db":
        backend = {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": parts.netloc or parts.path.lstrip("/") or "warta_cache",
        }
    elif scheme == "file":
        backend = {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": parts.path,
        }
    elif scheme in {"redis", "rediss"}:
        # Django's Redis cache, failing open (a miss) when Redis is unreachable.
        backend = {
            "BACKEND": "warta_site.cache.ResilientRedisCache",
            "LOCATION": url.split("?", 1)[0],
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    else:
        raise ImproperlyConfigured(f"CACHE_URL scheme {scheme!r} is not supported.")
    backend["TIMEOUT"] = timeout
    return backend
