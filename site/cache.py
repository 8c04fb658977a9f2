"""Reader pages served from the shared cache and purged the moment they change.

Three pieces, wired in settings and :class:`warta_site.apps.WartaSiteConfig`:

- :class:`PageCacheMiddleware` serves anonymous GETs of Wagtail pages from the
  shared cache (``CACHE_URL``). Pages carry per-reader values — the CSRF token of
  the comment and language forms, the comment form's signed timestamp — so the
  cached HTML holds placeholders and every hit gets fresh values: two readers
  never share a token, the no-JavaScript comment form posts from a cached page,
  and the form's minimum fill time still counts from the reader's own visit.
  Requests with a session or a pending message (``Komentar Anda menunggu
  moderasi``) are never served from or stored in the cache. After a purge the
  first request renders the page again while readers arriving in the meantime
  get the previous copy (``X-Warta-Cache: stale``), so a busy article purged by
  every new comment does not send all its readers to the database at once.
- :class:`SharedCacheBackend`, a Wagtail frontend-cache backend: purging a URL
  gives its path a new version, which invalidates every cached variant of that
  path (query strings, languages, and the sub-routes of a routable page).
  Wagtail calls it when a page is published or unpublished; the receivers below
  add a page's ancestors (the listings) and the listings of an article whose
  comments changed.
- :class:`ResilientRedisCache`: Django's Redis cache that fails open. An
  unreachable Redis reads as a miss, ``add`` reports success (so guards built on
  it, like the comment rate limit, let requests through) and the error is
  logged; nothing that saves a comment depends on the cache.

Settings (read at call time): ``WARTA_PAGE_CACHE`` (on/off),
``WARTA_PAGE_CACHE_SECONDS`` (how long an entry lives without a purge) and
``WARTA_PAGE_CACHE_QUERY_PARAMS`` (query parameters whose pages are cached; any
other parameter bypasses the cache).
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
import time
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.messages import get_messages
from django.core import checks
from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from wagtail.contrib.frontend_cache.backends.base import BaseBackend

logger = logging.getLogger(__name__)

CACHE_HEADER = "X-Warta-Cache"
DEFAULT_QUERY_PARAMS = ("halaman", "komentar", "kategori", "tag")
# How long other readers may be served the purged copy while one request renders
# the page again (an upper bound: the lock is released as soon as it is stored).
RENDER_LOCK_SECONDS = 10

# Per-reader values in a rendered page, and the placeholders they become.
_CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")([A-Za-z0-9]{32,64})"')
_CSRF_PLACEHOLDER = "\x00warta-csrf\x00"
_FORM_ARTICLE = re.compile(r'name="article" value="(\d+)"')
_FORM_TIMESTAMP = re.compile(r'(name="timestamp" value=")(\d+)"')
_FORM_SIGNATURE = re.compile(r'(name="security_hash" value=")([0-9a-f]{64})"')
_FORM_NONCE = re.compile(r'(name="nonce" value=")([0-9a-f]{16})"')
_NONCE_PLACEHOLDER = "\x00warta-nonce\x00"
_TIMESTAMP_PLACEHOLDER = "\x00warta-ts\x00"
_SIGNATURE_PLACEHOLDER = "\x00warta-sig\x00"
_TOKEN_LIKE = re.compile(r"[A-Za-z0-9]{64}")
_SKIPPED_HEADERS = {"content-length", "set-cookie", CACHE_HEADER.lower()}


def enabled() -> bool:
    return bool(getattr(settings, "WARTA_PAGE_CACHE", False))


def _timeout() -> int:
    return int(getattr(settings, "WARTA_PAGE_CACHE_SECONDS", 600))


def version_key(path: str) -> str:
    digest = hashlib.sha256(path.encode()).hexdigest()[:32]
    return f"warta:pagever:{digest}"


def purge_path(path: str) -> None:
    """Invalidate every cached variant of ``path`` (query strings, languages)."""
    purge_paths([path])


def purge_paths(paths) -> None:
    """:func:`purge_path` for several paths in one cache round trip."""
    cache.set_many(
        {version_key(path or "/"): secrets.token_hex(8) for path in paths},
        timeout=None,
    )


def _current_version(path: str, known: Any = None) -> str | None:
    """The version of ``path``, creating one if it has none yet."""
    if known is not None:
        return known
    key = version_key(path)
    cache.add(key, secrets.token_hex(8), timeout=None)
    return cache.get(key)


def entry_key(request: HttpRequest) -> str | None:
    """The cache key of this request's page, or None when it must not be cached."""
    if request.method != "GET":
        return None
    allowed = getattr(settings, "WARTA_PAGE_CACHE_QUERY_PARAMS", DEFAULT_QUERY_PARAMS)
    if any(name not in allowed for name in request.GET):
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return None  # an editor, or a reader with session data: always fresh
    if getattr(settings, "MESSAGE_COOKIE_NAME", "messages") in request.COOKIES:
        return None  # a message waits for this reader alone
    query = urlencode(sorted(request.GET.lists()), doseq=True)
    raw = f"{request.get_host()}|{get_language()}|{request.path}?{query}"
    return "warta:page:" + hashlib.sha256(raw.encode()).hexdigest()


class PageCacheMiddleware:
    """Serve anonymous GETs of Wagtail pages from the shared cache.

    Goes after ``CsrfViewMiddleware`` (which sets the CSRF cookie of a hit) and
    ``LocaleMiddleware`` (the language is part of the key), before
    ``AuthenticationMiddleware`` and ``MessageMiddleware``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = entry_key(request) if enabled() else None
        if key is None:
            return self.get_response(request)
        path_key = version_key(request.path)
        found = cache.get_many([key, path_key])
        entry = found.get(key)
        rendering = None
        if entry is not None:
            owner = entry["owner"]
            version = (
                found.get(path_key)
                if owner == request.path
                else cache.get(version_key(owner))
            )
            if version is not None and version == entry["version"]:
                return self.replay(request, entry)
            # Purged: one request renders the page again; readers arriving
            # meanwhile get the previous copy instead of piling up on the
            # database (a busy article is purged with every new comment).
            rendering = f"{key}:rendering"
            if not cache.add(rendering, 1, timeout=RENDER_LOCK_SECONDS):
                return self.replay(request, entry, state="stale")
        try:
            # Read before rendering: a purge while the page renders makes it stale.
            version = _current_version(request.path, found.get(path_key))
            response = self.get_response(request)
            if response.status_code == 503 and entry is not None:
                # The database is down ("coba lagi", warta_site.faults): a reader
                # is better served by the previous copy of the page.
                logger.warning("Unavailable: stale copy of %s served", request.path)
                return self.replay(request, entry, state="stale")
            if version is not None and self.cacheable(request, response):
                self.store(request, response, key, version)
                response[CACHE_HEADER] = "miss"
        finally:
            if rendering is not None:
                cache.delete(rendering)
        return response

    @staticmethod
    def cacheable(request: HttpRequest, response: HttpResponse) -> bool:
        match = getattr(request, "resolver_match", None)
        if match is None or match.url_name != "wagtail_serve":
            return False
        if response.status_code != 200 or response.streaming:
            return False
        if response.cookies or response.has_header("Set-Cookie"):
            return False
        cache_control = response.get("Cache-Control", "")
        if any(word in cache_control for word in ("private", "no-store", "no-cache")):
            return False
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return False
        session = getattr(request, "session", None)
        if session is not None and session.modified:
            return False
        return not (hasattr(request, "_messages") and len(get_messages(request)))

    def store(self, request, response, key: str, version: str) -> None:
        html = response.content.decode(response.charset)
        html = _CSRF_INPUT.sub(rf"\g<1>{_CSRF_PLACEHOLDER}" + '"', html)
        article_ids = set(_FORM_ARTICLE.findall(html))
        stamps = len(_FORM_TIMESTAMP.findall(html))
        if stamps and len(article_ids) != 1:
            return  # forms of several articles: keep it simple, do not cache
        if stamps:
            html = _FORM_TIMESTAMP.sub(rf"\g<1>{_TIMESTAMP_PLACEHOLDER}" + '"', html)
            html = _FORM_SIGNATURE.sub(rf"\g<1>{_SIGNATURE_PLACEHOLDER}" + '"', html)
            html = _FORM_NONCE.sub(rf"\g<1>{_NONCE_PLACEHOLDER}" + '"', html)
        if _leaks_csrf_token(request, html):
            logger.warning("Not caching %s: a CSRF token outside a form", request.path)
            return
        page = (getattr(response, "context_data", None) or {}).get("page")
        owner = request.path
        if page is not None and (url := page.get_url(request)):
            owner = urlsplit(url).path
            if owner != request.path:
                version = _current_version(owner)
                if version is None:
                    return
        entry = {
            "version": version,
            "owner": owner,
            "html": html,
            "charset": response.charset,
            "article": int(article_ids.pop()) if stamps else None,
            "headers": [
                (name, value)
                for name, value in response.headers.items()
                if name.lower() not in _SKIPPED_HEADERS
            ],
        }
        cache.set(key, entry, timeout=_timeout())
        patch_cache_control(response, private=True, max_age=0)

    @staticmethod
    def replay(request: HttpRequest, entry: dict, state: str = "hit") -> HttpResponse:
        html = entry["html"].replace(_CSRF_PLACEHOLDER, get_token(request))
        if entry["article"] is not None:
            from comments.forms import CommentForm

            stamp = CommentForm.new_stamp(entry["article"])
            html = (
                html.replace(_TIMESTAMP_PLACEHOLDER, str(stamp["timestamp"]))
                .replace(_NONCE_PLACEHOLDER, stamp["nonce"])
                .replace(_SIGNATURE_PLACEHOLDER, stamp["security_hash"])
            )
        response = HttpResponse(html.encode(entry["charset"]))
        for name, value in entry["headers"]:
            response[name] = value
        patch_cache_control(response, private=True, max_age=0)
        response[CACHE_HEADER] = state
        return response


def _leaks_csrf_token(request: HttpRequest, html: str) -> bool:
    """Whether a masked CSRF token of this request is left anywhere in ``html``."""
    from django.middleware.csrf import _unmask_cipher_token

    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return False
    return any(
        _unmask_cipher_token(candidate) == secret
        for candidate in _TOKEN_LIKE.findall(html)
    )


class SharedCacheBackend(BaseBackend):
    """A Wagtail frontend-cache backend for :class:`PageCacheMiddleware`'s cache."""

    def purge(self, url: str) -> None:
        purge_path(urlsplit(url).path)

    def purge_batch(self, urls) -> None:
        # An article and its listings in one round trip, not one per URL.
        purge_paths({urlsplit(url).path for url in urls})


# Receivers, connected in WartaSiteConfig.ready()


def purge_ancestors(sender, instance, **kwargs) -> None:
    """A page was published or unpublished: its listings change too."""
    from wagtail.contrib.frontend_cache.utils import purge_pages_from_cache

    from news.queries import listing_pages

    purge_pages_from_cache(listing_pages(instance))


def check_shared_cache(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """With the page cache on, every worker process must share one cache."""
    backend = settings.CACHES["default"]["BACKEND"]
    if enabled() and backend.endswith(("LocMemCache", "DummyCache")):
        return [
            checks.Warning(
                "WARTA_PAGE_CACHE is on but the cache is not shared between "
                "processes: purges and rate limits reach one process only.",
                hint="Set CACHE_URL to redis://... or db://warta_cache.",
                id="warta_site.W001",
            )
        ]
    return []


class _ReusedRedisClient(RedisCacheClient):
    """Django's Redis client, keeping one ``redis.Redis`` per connection pool.

    Django builds a new ``redis.Redis`` (with its table of some 170 response
    callbacks) for every cache call; a page served from the cache makes
    several. The object is thread-safe: commands take connections from the pool.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, failing open when Redis cannot be reached.

    Reads act as misses, writes are dropped, ``add`` reports success and
    ``incr`` returns ``delta``, so a rate limit or duplicate guard lets requests
    through instead of answering 500. After an error the cache is skipped for
    ``RETRY_SECONDS`` so that a dead Redis does not cost a timeout per call.
    """

    RETRY_SECONDS = 5.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusedRedisClient
        self._down_until = 0.0

    def _guard(self, name: str, default, call, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return default
        try:
            return call(*args, **kwargs)
        except Exception as exc:
            if not _is_connection_error(exc):
                raise
            self._down_until = time.monotonic() + self.RETRY_SECONDS
            logger.error("Cache unavailable (%s on %s); failing open", exc, name)
            return default

    def get(self, key, default=None, version=None):
        return self._guard("get", default, super().get, key, default, version)

    def get_many(self, keys, version=None):
        return self._guard("get_many", {}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._guard("has_key", False, super().has_key, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("add", True, super().add, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("set", None, super().set, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("set_many", [], super().set_many, data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("touch", False, super().touch, key, timeout, version)

    def incr(self, key, delta=1, version=None):
        return self._guard("incr", delta, super().incr, key, delta, version)

    def delete(self, key, version=None):
        return self._guard("delete", False, super().delete, key, version)

    def delete_many(self, keys, version=None):
        return self._guard("delete_many", None, super().delete_many, keys, version)

    def clear(self):
        return self._guard("clear", None, super().clear)


def _is_connection_error(exc: Exception) -> bool:
    try:
        from redis.exceptions import ConnectionError, TimeoutError
    except ImportError:  # pragma: no cover - redis is a dependency
        return isinstance(exc, OSError)
    return isinstance(exc, ConnectionError | TimeoutError | OSError)
