"""What a comment's own words say, without its links and pasted technical text.

Why: the worst error of a government site's filter is binning a citizen, and
the genuine comments the model marks spam are of two kinds: a reader who
answers with links to the news ("Unfortunately, they are true in the below
links. http://www.bbc.co.uk/… http://www.cbc.ca/…") and a reader who pastes an
error message or a log ("I get the following error: [code]Processing
HooksController#index (for 192.168.1.85 at 2007-10-15 11:08:32) … Session ID:
BAh7BiIKZmxh…"). In the training corpora links are mostly spam's, and the
random letters and digits of a session id, a hash or a path look like the
disguised brand names of judi online, so either alone can carry a comment past
the spam threshold while its words are a reader's.

Links and technical text are still evidence: a comment of links is held for
a moderator as before. They are only not enough to *bin* it unseen. The
comments policy therefore marks a comment spam only when its
:func:`content_probability` (the same model's probability for the comment with
its links, its website field and its technical tokens taken out) also reaches
the spam threshold; otherwise it is held (``comments.policy.filter_status``).
Spam is spam in its words too (judi online, loans, cures, praise of "your
blog"), so campaigns stay binned; a bare link without words is held.
"""

from __future__ import annotations

import re
from typing import Any

from .normalise import clip, remove_links

# "http: //" with a space (the corpora have it), before the links are found.
_SCHEME = re.compile(r"\b(?:https?|ftp):\s*(?=//)", re.IGNORECASE)
# Dates, times, versions, IP addresses: digits joined by punctuation; not one
# digit from 2 to 9 repeated ("7.7/7", "8/8/8"), the lucky number of a brand
# (versions repeat 0 and 1: "1.1.1").
_DIGIT_GROUPS = re.compile(r"^\W*\d+(?:[.:/-]\d+)+\W*$")
_ONE_DIGIT_REPEATED = re.compile(r"^\W*([2-9])(?:[.:/-]\1)+\W*$")
_LUCKY_NUMBER = re.compile(r"([2-9])[./]\1[./]\1")
# Marks of code and logs: ``Class::method``, ``Controller#action``, a call
# ``f()``, arrows, paths (``/usr/local/lib``, ``app/views/x.erb``, ``C:\x``),
# markup and template tags and their attributes (``href="``), braces, pipes
# and backticks, ``snake_case`` and Ruby's ``:symbols``. Readers' prose has
# none of them; an advertisement that used them would be left with its words,
# which are what bins it.
_CODE = re.compile(
    r"::|\w#\w|\w\(\)|=>|->|\w/\w+/\w|\w/\w+\.\w|\\\w|</?\w+|<%|%>|[{}|`]"
    r"|\[/?(?:code|quote|pre)\]|[a-z]_[a-z]|^:[a-z]|^[a-z-]+=[\"']",
    re.IGNORECASE,
)
# A run of ASCII letters, digits and path or query characters this long is
# not a word (a brand is at most 15 characters, see
# ``features.MAX_BRAND_CHARS``); with a digit or a path or query character in
# it, it is a hash, an id, a file or a query string. Words glued by a comma or
# an emoji ("MantappGarudahoki,2hari", "Terimakasih🔥VISI4D🔥") and brands in
# decorative or combining letters ("𝐀𝐸𝐑𝐎𝟴8menyediakan") are not such runs.
_LONG_RUN = re.compile(r"[A-Za-z0-9/%_=&?+-]{16,}")
_TECHNICAL_CHARS = frozenset("0123456789/%_=&?")
# What is left of a link after it is taken out: "//", ":", "/".
_ONLY_SLASHES = re.compile(r"^[/:.]+$")


def is_technical(chunk: str) -> bool:
    """Whether a whitespace-separated piece of a comment is technical text:
    a date, time, version or address, code or a log's identifier, or a long
    run with digits or path characters (a hash, a session id)."""
    if _DIGIT_GROUPS.match(chunk):
        return not _ONE_DIGIT_REPEATED.match(chunk)
    if _LUCKY_NUMBER.search(chunk):
        return False
    if _CODE.search(chunk):
        return True
    return any(not _TECHNICAL_CHARS.isdisjoint(run) for run in _LONG_RUN.findall(chunk))


def words_only(text: str) -> tuple[str, int]:
    """``text`` without its links and technical pieces, and how many were
    taken out."""
    text, links = remove_links(_SCHEME.sub(" ", text))
    kept, removed = [], links
    for chunk in text.split():
        if _ONLY_SLASHES.match(chunk):
            continue
        if is_technical(chunk):
            removed += 1
            continue
        kept.append(chunk)
    return " ".join(kept), removed


def content_record(record: dict[str, Any]) -> dict[str, Any] | None:
    """The record with its links, website field and technical text taken
    out, or None when it has none of them (its probability is the content's)."""
    # What the filter reads of a long comment (its beginning and end): taking
    # the links out of the rest would only cost time.
    text, removed = words_only(clip(str(record.get("text") or "")))
    if not removed and not str(record.get("website") or "").strip():
        return None
    return {**record, "text": text, "website": ""}


def content_probability(scorer: Any, record: dict[str, Any]) -> float | None:
    """The spam probability of ``record`` without its links and technical
    text (:func:`content_record`), by ``scorer`` (a
    :class:`spamfilter.scoring.Scorer`); None when there is nothing to take
    out."""
    reduced = content_record(record)
    if reduced is None:
        return None
    value, _ = scorer.decision(reduced)
    return scorer.probability(value)
