"""Varnish in front of several app servers: what the app does for it.

With ``WARTA_VARNISH_URLS`` set (settings/base.py: one Varnish address per
cache host, e.g. ``http://10.0.0.5:6081``), Wagtail's frontend cache sends each
of them a ``PURGE`` (``HTTPBackend``) when a page is published or unpublished
and when a comment under an article is published or hidden (the receivers of
``warta_site.cache`` and ``comments.receivers``), and pages are rendered so
that one copy serves every reader:

- :func:`reader_values`, a context processor, empties the CSRF token of the
  pages Wagtail serves (a GET) and tells the comment form to leave its signed
  stamp empty; ``static/js/reader-values.js`` fills both in from the
  uncached ``/komentar/stempel/<id>/``, and a reader without JavaScript writes
  on the uncached form page ``/komentar/tulis/<id>/``. The other forms that
  post (the language switch) get their token from :func:`form_token`
  (``static/js/reader-values.js``, loaded by base.html on such pages).
- :class:`OwnerHeaderMiddleware` names the page that rendered a response
  (``X-Warta-Owner``), so that purging a listing also bans its sub-routes
  (``/berita/kategori/...``); varnish/warta.vcl strips it before delivery.

The VCL, the director and the health probes are in ``varnish/``.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

OWNER_HEADER = "X-Warta-Owner"


def enabled() -> bool:
    return bool(getattr(settings, "WARTA_VARNISH_URLS", ()))


def frontend_cache_backends(urls: list[str]) -> dict:
    """``WAGTAILFRONTENDCACHE`` entries for the Varnish hosts at ``urls``."""
    return {
        f"varnish{n}": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": url,
        }
        for n, url in enumerate(urls, start=1)
    }


def _shared_page(request: HttpRequest) -> bool:
    match = getattr(request, "resolver_match", None)
    return (
        request.method in ("GET", "HEAD")
        and match is not None
        and match.url_name == "wagtail_serve"
    )


def reader_values(request: HttpRequest) -> dict:
    """Context processor: no per-reader values in a page Varnish may share."""
    if not (enabled() and _shared_page(request)):
        return {}
    return {"csrf_token": "", "reader_values_deferred": True}


class OwnerHeaderMiddleware:
    """``X-Warta-Owner: <path of the page>`` on the pages Wagtail serves."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_template_response(self, request: HttpRequest, response):
        if not enabled() or not _shared_page(request):
            return response
        page = (getattr(response, "context_data", None) or {}).get("page")
        url = page.get_url(request) if page is not None else None
        if url:
            response[OWNER_HEADER] = urlsplit(url).path
        return response


@never_cache
@require_GET
def form_token(request: HttpRequest) -> JsonResponse:
    """The reader's CSRF token, for the forms of a page Varnish shares
    (the language switch); ``static/js/reader-values.js`` fills it in."""
    return JsonResponse({"csrfmiddlewaretoken": get_token(request)})
