"""Which language a text is written in: ``"id"``, ``"en"``, ``"other"`` or ``""``.

py3langid (a maintained fork of langid.py: a naive Bayes model over byte
n-grams, shipped inside the package, no download) restricted to the languages
a Pemda site meets. Indonesian, Malay and Javanese are one answer, ``"id"``
(short Indonesian comments are often read as Malay). A text gets a language
only when the model gives it at least ``CONFIDENCE``; otherwise ``""``.

On 3,000 rows of each bundled corpus (30 November 2026) it named 96 % of the
citizen posts Indonesian and none English, where counting stop-words named 90 %
Indonesian and 0.1 % English; on the judol comments 0.13 % English against
0.63 %. See "Why our own code" in the README.

The model loads on the first call (about a second) and is kept: about 60 MB
of resident memory per process.
"""

from __future__ import annotations

import threading
from functools import lru_cache

CONFIDENCE = 0.9
LANGUAGES = (
    "id", "ms", "jv", "en", "tl", "nl", "de", "fr", "es", "pt", "it", "ru",
    "zh", "ja", "ko", "ar", "vi", "th", "hi",
)  # fmt: skip
_INDONESIAN = ("id", "ms", "jv")
# The language is read from the beginning of a long text: enough to decide.
MAX_CHARS = 400
# And from a shorter beginning when that leaves no doubt: walking the model's
# automaton over the bytes is most of the detection's time. On the 2,404
# bundled rows longer than 300 characters, the first 200 decided with 0.99 or
# more agree with the 400 on all but one, an all-capitals English comment the
# 400 left undecided (1 December 2026).
QUICK_CHARS = 200
QUICK_CONFIDENCE = 0.99

_lock = threading.Lock()
_identifier = None


def _model():
    global _identifier
    if _identifier is None:
        with _lock:
            if _identifier is None:
                _identifier = _restricted_model()
    return _identifier


def _restricted_model():
    """py3langid's model for ``LANGUAGES`` only. Its identifier keeps the
    whole model (97 languages, 28 MB) beside the restricted one, to be able to
    widen it again; a new identifier built from the restricted arrays lets the
    whole model go (about 27 MB less per process)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    full = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    full.set_languages(list(LANGUAGES))
    return LanguageIdentifier(
        full.nb_ptc,
        full.nb_pc,
        full.nb_classes,
        full.tk_nextmove,
        full.tk_output,
        norm_probs=True,
        tk_row=full.tk_row,
    )


def detect(text: str) -> str:
    """``"id"``, ``"en"``, ``"other"``, or ``""`` when unsure or empty."""
    text = text.strip()
    # A first look only where it reads much less than the second would: an
    # undecided one costs a second call.
    if len(text) > QUICK_CHARS + 100:
        language = _decide(text[:QUICK_CHARS], QUICK_CONFIDENCE)
        if language:
            return language
    return _decide(text[:MAX_CHARS], CONFIDENCE)


def _decide(text: str, confidence: float) -> str:
    if not text:
        return ""
    ranked = dict(_model().rank(text))
    indonesian = sum(ranked.get(code, 0.0) for code in _INDONESIAN)
    english = ranked.get("en", 0.0)
    if indonesian >= confidence:
        return "id"
    if english >= confidence:
        return "en"
    if 1.0 - indonesian - english >= confidence:
        return "other"
    return ""


@lru_cache(maxsize=64)
def article_language(article_text: str) -> str:
    """:func:`detect` of an article (cached: one article, many comments)."""
    return detect(article_text)


def load() -> None:
    """Load the model now (the web worker's warm-up)."""
    _model()


def loaded() -> bool:
    """Whether the model is loaded."""
    return _identifier is not None
