"""The comment form on a cached page: signed again at each reader's own visit.

The project's page cache (``warta_site.cache``) stores one copy of an article for
every reader; the form's timestamp and signature must not be shared, or the
minimum fill time would count from the first reader's visit, the form would
expire for everyone at once, and every reader would post the same stamp (a
form is taken once: :mod:`comments.stamps`). This hook, registered in
``wagtail_hooks.py`` under ``warta_page_cache_fields``, replaces them with
placeholders when a page is stored and signs a fresh stamp (time, nonce,
signature) on every hit.
"""

from __future__ import annotations

import re

from .forms import CommentForm

_FORM_ARTICLE = re.compile(r'name="article" value="(\d+)"')
_FORM_TIMESTAMP = re.compile(r'(name="timestamp" value=")(\d+)"')
_FORM_SIGNATURE = re.compile(r'(name="security_hash" value=")([0-9a-f]{64})"')
_FORM_NONCE = re.compile(r'(name="nonce" value=")([0-9a-f]{16})"')
_NONCE_PLACEHOLDER = "\x00warta-nonce\x00"
_TIMESTAMP_PLACEHOLDER = "\x00warta-ts\x00"
_SIGNATURE_PLACEHOLDER = "\x00warta-sig\x00"


class CommentFormStamp:
    """The page-cache hook: ``store`` before caching, ``replay`` on each hit."""

    def store(self, html: str) -> tuple[str | None, int | None]:
        """``(html with placeholders, article id)``; ``(None, None)`` keeps the
        page out of the cache (forms of several articles: kept simple)."""
        if not _FORM_TIMESTAMP.search(html):
            return html, None
        article_ids = set(_FORM_ARTICLE.findall(html))
        if len(article_ids) != 1:
            return None, None
        html = _FORM_TIMESTAMP.sub(rf"\g<1>{_TIMESTAMP_PLACEHOLDER}" + '"', html)
        html = _FORM_SIGNATURE.sub(rf"\g<1>{_SIGNATURE_PLACEHOLDER}" + '"', html)
        html = _FORM_NONCE.sub(rf"\g<1>{_NONCE_PLACEHOLDER}" + '"', html)
        return html, int(article_ids.pop())

    def replay(self, html: str, article_id: int | None) -> str:
        if article_id is None:
            return html
        stamp = CommentForm.new_stamp(article_id)
        return (
            html.replace(_TIMESTAMP_PLACEHOLDER, str(stamp["timestamp"]))
            .replace(_NONCE_PLACEHOLDER, stamp["nonce"])
            .replace(_SIGNATURE_PLACEHOLDER, stamp["security_hash"])
        )
