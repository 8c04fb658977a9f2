"""What a reader types into the search box, made safe for the search backend.

Wagtail's database backend writes each term into the full-text query as it comes:
SQLite's FTS5 reads a stray ``"`` as an unterminated string and NUL ends its text,
PostgreSQL refuses NUL in a string. A reader's query is words, so only words go to
the backend: quotes, operators and control characters are left out, and the words
are matched as the reader wrote them.
"""

from __future__ import annotations

import re

# A word, with the joiners a name such as "KemenPAN-RB" or "Sulawesi's" keeps.
_WORD = re.compile(r"\w+(?:[-'’.]\w+)*")


def search_terms(query: str) -> str:
    """The words of ``query``, space separated; empty when it has none."""
    return " ".join(_WORD.findall(query))
