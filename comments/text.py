"""Comment bodies are plain text: stored as typed, rendered escaped.

A reader's text becomes HTML in exactly one place, :func:`render_body`: the text is
escaped first, then bleach turns web addresses into links (http and https only,
``rel="nofollow ugc noopener"``) and line breaks become ``<br>``. Nothing a reader
types can reach the page as markup.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

import bleach
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

LINK_REL = "nofollow ugc noopener"
_SAFE_SCHEMES = ("http://", "https://")
_WHITESPACE = re.compile(r"\s+")


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _safe_link(attrs: dict, new: bool = False) -> dict | None:
    href = attrs.get((None, "href"), "")
    if not href.lower().startswith(_SAFE_SCHEMES):
        return None  # keeps the text, drops the link
    attrs[(None, "rel")] = LINK_REL
    return attrs


def _linkify(text: str, count: list[int] | None = None) -> str:
    callbacks = [_safe_link]
    if count is not None:

        def counting(attrs: dict, new: bool = False) -> dict:
            count.append(1)
            return attrs

        callbacks.append(counting)
    return bleach.linkify(
        escape(normalise_newlines(text)), callbacks=callbacks, parse_email=False
    )


def render_body(text: str) -> SafeString:
    """The HTML of a comment body: escaped text, safe links, ``<br>`` line breaks."""
    return mark_safe(_render_html(text))


# The HTML depends on the text alone, and a thread shows the same bodies to every
# reader: bleach's html5lib parse (about 1 ms a comment) is paid once per process.
@lru_cache(maxsize=4096)
def _render_html(text: str) -> str:
    return _linkify(text).replace("\n", "<br>\n")


def count_links(text: str) -> int:
    """How many links :func:`render_body` makes of ``text`` (bare domains count)."""
    found: list[int] = []
    _linkify(text, found)
    return len(found)


def fingerprint(text: str) -> str:
    """A digest of the text that ignores case, width variants and spacing."""
    folded = _WHITESPACE.sub(" ", unicodedata.normalize("NFKC", text).casefold())
    return hashlib.sha256(folded.strip().encode()).hexdigest()
