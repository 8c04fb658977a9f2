"""Text a reader can see and bytes that are text: checks on what the form sends.

A name or comment made only of invisible characters (zero-width spaces, joiners,
direction marks, Hangul fillers, the blank Braille pattern) would be published
as an empty comment; a body that is not UTF-8 would be decoded by Django with
replacement characters and published as mojibake. Both are refused with a
message beside the field.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import unquote_to_bytes

from django.http import HttpRequest

# Letters and symbols that render as nothing (Unicode's "default ignorable" and
# blank characters outside the format/space categories).
_BLANK = frozenset("\u115f\u1160\u17b4\u17b5\u180e\u2800\u3164\uffa0\u034f")
# Format, control, separators, unassigned and private use: nothing to read.
_UNSEEN_CATEGORIES = frozenset({"Cc", "Cf", "Cn", "Co", "Cs", "Zs", "Zl", "Zp"})


def has_visible_text(text: str) -> bool:
    """Whether ``text`` holds at least one character a reader can see."""
    return any(
        not char.isspace()
        and char not in _BLANK
        and unicodedata.category(char) not in _UNSEEN_CATEGORIES
        and not unicodedata.category(char).startswith("M")
        for char in text
    )


def undecodable_fields(request: HttpRequest) -> set[str]:
    """The names of the POST fields whose bytes are not valid UTF-8.

    Django decodes a form with ``errors="replace"``, so the mistake is only
    visible in the raw body (URL-encoded forms, which is what the comment form
    sends). Any other body is judged by the replacement character it leaves.
    """
    content_type = request.content_type or ""
    if content_type == "application/x-www-form-urlencoded":
        bad = set()
        for pair in request.body.split(b"&"):
            name, _, value = pair.partition(b"=")
            for part in (name, value):
                try:
                    unquote_to_bytes(part.replace(b"+", b" ")).decode("utf-8")
                except UnicodeDecodeError:
                    bad.add(unquote_to_bytes(name).decode("utf-8", "replace"))
        return bad
    return {
        name
        for name, values in request.POST.lists()
        if any("\ufffd" in value for value in values)
    }
