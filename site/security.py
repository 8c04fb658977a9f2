"""Security headers and admin login throttling.

Django's ``SecurityMiddleware`` sends HSTS, ``X-Content-Type-Options``,
``Referrer-Policy`` and ``Cross-Origin-Opener-Policy`` (see the ``SECURE_*``
settings); :class:`SecurityHeadersMiddleware` adds what Django 5.2 lacks:
``Content-Security-Policy`` and ``Permissions-Policy``.

The public pages run no inline script or style, so their policy is strict. The
Wagtail admin (``/admin/``) still relies on inline scripts and styles (its
page editor, userbar and preview), so it gets its own policy that allows them;
its pages are only seen by logged-in staff and every form there is CSRF-checked.

:class:`LoginThrottleMiddleware` counts failed admin logins per client address
and per username in the shared cache: after ``WARTA_LOGIN_MAX_FAILURES`` failures
(default 5) within ``WARTA_LOGIN_WINDOW_SECONDS`` (default 900) further attempts
get a 429 in Indonesian until the window passes.
"""

from __future__ import annotations

import hashlib
import logging

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse

from comments.privacy import client_ip, ip_hash

from .conf import setting

logger = logging.getLogger(__name__)


def _policy(directives: dict[str, str]) -> str:
    return "; ".join(f"{name} {value}".strip() for name, value in directives.items())


def content_security_policy(*, admin: bool) -> str:
    frames = " ".join(setting("CSP_FRAME_SRC"))
    directives = {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "font-src": "'self'",
        "connect-src": "'self'",
        "media-src": "'self'",
        "frame-src": f"'self' {frames}".strip(),
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    if admin:
        directives.update(
            {
                "script-src": "'self' 'unsafe-inline'",
                "style-src": "'self' 'unsafe-inline'",
                "img-src": "'self' data: blob: https:",
                "font-src": "'self' data:",
                # The page editor previews the page in a frame of its own origin.
                "frame-ancestors": "'self'",
            }
        )
    return _policy(directives)


PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)


class SecurityHeadersMiddleware:
    """Add ``Content-Security-Policy`` and ``Permissions-Policy`` to every response."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.public_policy = content_security_policy(admin=False)
        self.admin_policy = content_security_policy(admin=True)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            admin = request.path.startswith("/admin/")
            response["Content-Security-Policy"] = (
                self.admin_policy if admin else self.public_policy
            )
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


# Admin login throttling


def _max_failures() -> int:
    return int(setting("LOGIN_MAX_FAILURES"))


def _window() -> int:
    return int(setting("LOGIN_WINDOW_SECONDS"))


def _keys(request: HttpRequest, username: str) -> list[str]:
    keys = [f"warta:login:ip:{ip_hash(client_ip(request)) or 'unknown'}"]
    if username := username.strip().casefold():
        digest = hashlib.sha256(username.encode()).hexdigest()
        keys.append(f"warta:login:user:{digest}")
    return keys


def record_login_failure(sender, credentials, request=None, **kwargs) -> None:
    """``user_login_failed`` receiver: count the failure for address and username."""
    if request is None:
        return
    for key in _keys(request, str(credentials.get("username", ""))):
        cache.add(key, 0, timeout=_window())
        try:
            cache.incr(key)
        except ValueError:  # expired in between
            cache.add(key, 1, timeout=_window())
    logger.warning("Failed admin login for %r", credentials.get("username", ""))


def login_is_throttled(request: HttpRequest, username: str) -> bool:
    counts = cache.get_many(_keys(request, username))
    return any(int(count) >= _max_failures() for count in counts.values())


class LoginThrottleMiddleware:
    """Answer 429 to admin login POSTs from an address or for a username that failed
    too often; the failures are counted by :func:`record_login_failure`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.path == reverse("wagtailadmin_login"):
            username = request.POST.get("username", "")
            if login_is_throttled(request, username):
                logger.warning("Throttled admin login for %r", username)
                minutes = max(1, _window() // 60)
                response = HttpResponse(
                    render_to_string(
                        "errors/login_throttled.html",
                        {"minutes": minutes},
                        request=request,
                    ),
                    status=429,
                )
                response["Retry-After"] = str(_window())
                return response
        return self.get_response(request)
