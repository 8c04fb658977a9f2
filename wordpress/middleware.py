"""WordPress's query-string links on the home page (``/?p=123``) -> their redirects.

Wagtail's ``RedirectMiddleware`` acts only on a 404, and ``/`` is our home page,
so ``/?p=123`` would show the home page instead of the moved post.
"""

from __future__ import annotations

from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect
from wagtail.contrib.redirects.middleware import get_redirect
from wagtail.contrib.redirects.models import Redirect

QUERY_KEYS = ("p", "page_id", "attachment_id", "cat")


class WordPressQueryRedirectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/" and any(key in request.GET for key in QUERY_KEYS):
            path = Redirect.normalise_path(
                request.get_full_path(), decode_unicode=False
            )
            redirect = get_redirect(request, path)
            if redirect is not None and redirect.link:
                if redirect.is_permanent:
                    return HttpResponsePermanentRedirect(redirect.link)
                return HttpResponseRedirect(redirect.link)
        return self.get_response(request)
