"""Security headers and admin login throttling.

Django's ``SecurityMiddleware`` sends HSTS, ``X-Content-Type-Options``,
``Referrer-Policy`` and ``Cross-Origin-Opener-Policy`` (see the ``SECURE_*``
settings). ``Content-Security-Policy`` comes from django-csp (the policy is
``CONTENT_SECURITY_POLICY`` in the settings); :class:`PermissionsPolicyMiddleware`
adds ``Permissions-Policy``, which neither Django 5.2 nor django-csp sends.

The public pages run no inline script or style, so their policy is strict. The
Wagtail admin (``/admin/``) still relies on inline scripts and styles (its
page editor, userbar and preview), so :class:`ContentSecurityPolicyMiddleware`
replaces a few directives there (:data:`ADMIN_CSP`); its pages are only seen by
logged-in staff and every form there is CSRF-checked.

Admin login throttling is django-axes' cache handler: failed logins are counted
per client address and per username in the shared cache; after
``WARTA_LOGIN_MAX_FAILURES`` failures (default 5), each less than
``WARTA_LOGIN_WINDOW_SECONDS`` (default 900) after the one before, further attempts
get a 429 in Indonesian until that long after the last failure.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.template.loader import render_to_string

from comments.privacy import client_ip, ip_hash

from .conf import setting

logger = logging.getLogger(__name__)

ADMIN_CSP = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:", "https:"],
    "font-src": [SELF, "data:"],
    # The page editor previews the page in a frame of its own origin.
    "frame-ancestors": [SELF],
}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's allowances under ``/admin/``."""

    def get_policy_parts(
        self,
        request: HttpRequest,
        response: HttpResponseBase,
        report_only: bool = False,
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path.startswith("/admin/"):
            parts.replace = {**ADMIN_CSP, **(parts.replace or {})}
        return parts


PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)


class PermissionsPolicyMiddleware:
    """Add ``Permissions-Policy`` to every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


# Admin login throttling: django-axes (settings AXES_*), with these hooks.


def login_failure_limit(request: HttpRequest, credentials: dict | None) -> int:
    """``AXES_FAILURE_LIMIT``: ``WARTA_LOGIN_MAX_FAILURES``, read at call time."""
    return int(setting("LOGIN_MAX_FAILURES"))


def login_cool_off(request: HttpRequest | None) -> timedelta:
    """``AXES_COOLOFF_TIME``: ``WARTA_LOGIN_WINDOW_SECONDS``, read at call time."""
    return timedelta(seconds=int(setting("LOGIN_WINDOW_SECONDS")))


def login_client(request: HttpRequest) -> str:
    """``AXES_CLIENT_IP_CALLABLE``: the salted hash of the client address, so that
    neither the cache keys nor axes' log lines hold an address."""
    return ip_hash(client_ip(request)) or "unknown"


def login_username(request: HttpRequest, credentials: dict | None) -> str:
    """``AXES_USERNAME_CALLABLE``: one count per account, however it is typed."""
    source = credentials if credentials is not None else request.POST
    return str(source.get("username") or "").strip().casefold()


def login_throttled_response(
    request: HttpRequest, original_response: HttpResponse, credentials: dict | None
) -> HttpResponse:
    """``AXES_LOCKOUT_CALLABLE``: a 429 in Indonesian for an attempt refused before
    its password was checked. The failure that reaches the limit still gets the
    login form's own answer (axes would lock out that attempt already)."""
    if getattr(request, "axes_failures_since_start", None) is not None:
        return original_response
    logger.warning("Throttled admin login for %r", login_username(request, credentials))
    window = int(login_cool_off(request).total_seconds())
    response = HttpResponse(
        render_to_string(
            "errors/login_throttled.html",
            {"minutes": max(1, window // 60)},
            request=request,
        ),
        status=429,
    )
    response["Retry-After"] = str(window)
    return response
