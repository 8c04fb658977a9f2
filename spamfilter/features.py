"""Feature extraction: comment records -> prepared comments -> numeric signals.

A *record* is anything with the attributes (or mapping keys) ``text``,
``name``, ``email``, ``website`` and ``article_text``; a bare string is a
comment without any of the other fields. :class:`CommentPreparer` normalises
each record once (a comment longer than ``MAX_TEXT_CHARS`` is read as its
beginning and end, see :func:`clip`); the word and character n-gram
vectorisers read :func:`ngram_text` of the prepared comment and
:class:`CommentSignals` turns it into the signals real spam betrays (links and
their domains, the website field, relevance to the article, language, length,
shouting, disguised letters, and generic talk about the web page instead of
its content: :func:`page_talk`).

The two transformers are scikit-learn compatible (``__init__`` only stores
parameters, fitted state ends in ``_``) but take comment records rather than
numeric arrays, so the generic ``parametrize_with_checks`` suite does not apply
to them; ``tests/spamfilter/test_features.py`` checks their contract instead.

Contact details are not evidence
--------------------------------
Citizens leave a phone number or ask for an e-mail address; in the corpora
those occur almost only in SMS spam, so a model would learn "phone number =
spam" and hide exactly the citizens the site is for. Phone numbers and e-mail
addresses are therefore replaced by placeholders in normalisation (their
digits feed no n-gram) and then left out of the features altogether.

Relevance to the article
------------------------
None of the bundled corpora comes with the article a comment was posted under,
except the YouTube collection, whose five videos are known (their titles are
used as the "article"). The feature is therefore *centred*: a comment without
an article gets 0 (neutral), a comment with one gets the share of its content
words found in the article minus the median share seen in training
(``relevance_centre_``). The weight is learned from the comments that have a
context; at scoring time every comment has its article, so a comment sharing
nothing with it is pushed towards spam and one that discusses it towards ham.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any, NamedTuple

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.utils.validation import check_is_fitted

from .normalise import (
    EMAIL_TOKEN,
    PHONE_TOKEN,
    PLACEHOLDERS,
    NormalisedText,
    host_of,
    host_words,
    normalise,
    normalise_clipped,
    words,
)

ENGLISH_STOPWORDS = frozenset(
    """a about after all also am an and any are as at be because been but by can
    could did do does for from get got had has have he her here him his how i if
    in into is it its just know like me more my no not now of on one only or our
    out so some than that the their them then there they this to too up us very
    was we were what when which who why will with would you your i'm it's don't
    thank thanks please really great good nice post site""".split()
)
INDONESIAN_STOPWORDS = frozenset(
    """yang dan di ke dari ini itu tidak gak ga nggak enggak tak aja saja ada untuk
    dengan ya kalau kalo klo sudah udah juga bisa pak bu kita kami saya aku gue gw
    dia mereka akan atau karena krn pada dalam apa lagi lg sama tapi tetapi jadi
    jd harus belum masih banyak semua sangat bang deh sih nya dong kok mau mana
    kenapa bagaimana gimana oleh para bagi sebagai seperti tersebut telah hanya
    kami kamu anda lebih yg dgn utk tdk sdh blm nih tuh kan pun lah""".split()
)

# Words of generic praise and of the web page itself: spam praising "your
# post" shares these with every other page it is posted under.
PRAISE_WORDS = frozenset(
    """awesome amazing appreciate article articles beautiful best blog blogger
    blogging blogs bookmark bookmarked brilliant content enjoyed excellent
    fantastic feed feeds fine glad good great helpful impressive informative
    information interesting keep lovely nice page pleasant post posted posting
    posts rss share shared sharing site sites subject superb terrific thank
    thanks topic useful valuable web webpage weblog website websites wonderful
    writing written paragraph paragraphs""".split()
)
SECOND_PERSON = frozenset("you your yours you're you've you'll u ur".split())

# Kinds of "page talk": generic praise spam speaks about the web page, its
# owner and the visit, never about what the page says, so that one text fits
# under any page (the spintax template in ``data/blog_spam_en.csv``). Each kind
# is a regular expression over the lower-cased normalised text; the signal is
# the number of kinds present, so a template reworded with synonyms still
# hits. Readers of a news article rarely write more than one of these; they
# name what the article says. One kind is weak evidence (about one English
# news comment in seventeen has one) and two or more are strong (about one in
# eight hundred), which a single linear column cannot say: the signal
# ``page_talk_several`` marks the second.
_PAGE = (
    r"(?:blog|weblog|post|posting|article|paragraph|piece of writing|write-?up"
    r"|web ?site|web ?page|site|blogroll|theme|template|layout|writing|content)s?"
)
PAGE_TALK_PATTERNS = {
    # "your blog", "this piece of writing", "your great web site", "like yours"
    "the_page": rf"\b(?:this|your|ur) (?:[\w'-]+ ){{0,2}}{_PAGE}\b|\byours\b",
    "bookmarks": r"\bbook ?-?mark\w*|\brss\b|\bfeeds?\b|\bblogroll\b|\bsubscri\w+",
    "keep_it_up": r"\bkeep (?:it |them )?up\b|\bkeep (?:on )?(?:writing|posting)\b"
    r"|\bthanks? (?:you )?(?:a lot |so much )?for (?:sharing|posting|writing)\b"
    r"|\b(?:good|great|nice|fastidious|pleasant) (?:read|writing)\b",
    "contact_and_return": r"\bcontact (?:details|page|info\w*)"
    r"|\bdrop (?:me|you) an? (?:e-?mail|line|mail)\b|\be-?mail me\b"
    r"|\b(?:come|coming|be|get|go) (?:[\w'-]+ ){0,2}back (?:again|often|later"
    r"|regularly|frequently|here|to (?:read|see|check))\b|\breturn the favou?r\b",
    "the_web": r"\bblogg(?:er|ers|ing)\b|\bwebmasters?\b|\bweb owners?\b"
    r"|\binternet\b|\b(?:visitors|viewers|guests|readers)\b|\bsearch engines?\b"
    r"|\b(?:surfing|browsing)\b",
    "the_topic": r"\b(?:this|the|that|your) (?:topic|subject|matter)\b"
    r"|\b(?:information|info) (?:about|on|approximately|regarding|concerning)\b",
}
_PAGE_TALK = tuple(re.compile(pattern) for pattern in PAGE_TALK_PATTERNS.values())

SIGNAL_NAMES = (
    "length",
    "words",
    "uppercase",
    "digits",
    "disguised",
    "disguised_words",
    "emoji",
    "links",
    "domains",
    "website",
    "article_relevance",
    "english",
    "indonesian",
    "elongated",
    "spaced",
    "exclamations",
    "praise",
    "second_person",
    "page_talk",
    "page_talk_several",
    "invisible",
    "brand_shaped",
    "brand_fenced",
    "gambling",
    "winning_talk",
    "short_winning",
    "styled_word",
    "brand_and_gambling",
)
# The signals of models trained before "page_talk" existed (see
# ``CommentSignals.signal_names_``; later models name theirs).
LEGACY_SIGNAL_NAMES = SIGNAL_NAMES[: SIGNAL_NAMES.index("page_talk")]

_FIELDS = (
    "text",
    "name",
    "email",
    "website",
    "article_text",
    "article_title",
    "article_lead",
    "article_language",
    "site_domain",
)
_CONTACT_TOKENS = {EMAIL_TOKEN, PHONE_TOKEN}


class PreparedComment(NamedTuple):
    """A comment after normalisation, as the later pipeline steps read it."""

    ngram_text: str
    normalised: NormalisedText
    website_host: str
    article_words: frozenset[str]
    has_article: bool
    article_language: str = ""
    article_context: str = ""
    # The comment's own content words, read with the article only.
    content_words: frozenset[str] = frozenset()


def record_fields(record: Any) -> dict[str, str]:
    """The text fields of a record (mapping, object or plain string)."""
    if isinstance(record, str):
        return {f: record if f == "text" else "" for f in _FIELDS}
    if isinstance(record, Mapping):
        return {f: str(record.get(f) or "") for f in _FIELDS}
    return {f: str(getattr(record, f, "") or "") for f in _FIELDS}


def trusted_domains(record: Any) -> tuple[str, ...]:
    """The domains whose links are no evidence of spam: the record's
    ``trusted_domains`` (a sequence, or one string of names separated by
    spaces or commas) and its ``site_domain``."""
    if isinstance(record, str):
        return ()
    if isinstance(record, Mapping):
        listed, site = record.get("trusted_domains"), record.get("site_domain")
    else:
        listed = getattr(record, "trusted_domains", None)
        site = getattr(record, "site_domain", None)
    if isinstance(listed, str):
        listed = listed.replace(",", " ").split()
    names = [
        str(name).strip().lower().lstrip(".") for name in (*(listed or ()), site or "")
    ]
    return tuple(dict.fromkeys(name for name in names if name))


def content_words(tokens: Iterable[str]) -> set[str]:
    """Words that carry content: alphabetic, 3+ letters, not a stopword."""
    return {
        t.removesuffix("nya")
        for t in tokens
        if len(t) >= 3
        and t.isalpha()
        and t not in ENGLISH_STOPWORDS
        and t not in INDONESIAN_STOPWORDS
        and t.upper() not in PLACEHOLDERS
    }


@lru_cache(maxsize=64)
def article_vocabulary(article_text: str) -> frozenset[str]:
    """Content words of an article (cached: one article, many comments)."""
    return frozenset(content_words(words(normalise(article_text).text)))


def prepare(record: Any) -> PreparedComment:
    """Normalise one record's fields into a :class:`PreparedComment` (the
    comment text :func:`clip`-ped first)."""
    fields = record_fields(record)
    norm = normalise_clipped(fields["text"], trusted_domains(record))
    parts = [_without_contacts(norm.text).lower()]
    website_host = host_of(fields["website"]) if fields["website"].strip() else ""
    if fields["name"]:
        parts.append(normalise(fields["name"]).text.lower())
    if website_host:
        parts.extend(host_words(website_host))
    article = "\n".join(
        part
        for f in ("article_title", "article_lead", "article_text")
        if (part := fields[f].strip())
    )
    article_words = article_vocabulary(article) if article else frozenset()
    return PreparedComment(
        ngram_text=" ".join(parts),
        normalised=norm,
        website_host=website_host,
        article_words=article_words,
        has_article=bool(article_words),
        article_language=fields["article_language"].strip().lower()[:2],
        article_context=article,
        content_words=(
            frozenset(content_words(norm.words)) if article_words else frozenset()
        ),
    )


def raw_text(record: Any) -> str:
    """The comment text of a record as written, lower-cased (baseline input)."""
    return record_fields(record)["text"].lower()


def _without_placeholders(text: str) -> str:
    return " ".join(w for w in text.split() if w not in PLACEHOLDERS)


def _without_contacts(text: str) -> str:
    return " ".join(w for w in text.split() if w not in _CONTACT_TOKENS)


def ngram_text(prepared: PreparedComment) -> str:
    """The text the n-gram vectorisers see (lower-cased, normalised)."""
    return prepared.ngram_text


def article_overlap(prepared: PreparedComment) -> float:
    """Share of the comment's content words that occur in its article."""
    mine = prepared.content_words
    if not mine or not prepared.has_article:
        return 0.0
    return len(mine & prepared.article_words) / len(mine)


def raw_signals(prepared: PreparedComment) -> list[float]:
    """The uncentred signal values of one prepared comment, in ``SIGNAL_NAMES``
    order (``article_relevance`` is the raw overlap, or ``nan`` without an
    article)."""
    norm = prepared.normalised
    text = norm.text
    for token in PLACEHOLDERS:
        text = text.replace(token, "")
    tokens = words(text)
    n_tokens = len(tokens)
    # map() with str methods and set lookups: no Python-level loop per character
    letters = "".join(filter(str.isalpha, text))
    n_letters = len(letters)
    uppercase = sum(map(str.isupper, letters)) / n_letters if n_letters >= 8 else 0.0
    visible = max(1, len(text.replace(" ", "")))
    n_en = sum(map(ENGLISH_STOPWORDS.__contains__, tokens))
    n_id = sum(map(INDONESIAN_STOPWORDS.__contains__, tokens))
    links = norm.n_urls + (1 if prepared.website_host else 0)
    domains = set(norm.domains)
    if prepared.website_host:
        domains.add(prepared.website_host)
    talk = page_talk_kinds(text)
    judol = gambling_signals(text, tokens, norm.n_invisible)
    # Bounded values on comparable scales: the model has no scaler, so a rare
    # feature cannot be blown up by a tiny training variance.
    signals = [
        math.log1p(len(text)) / 5,
        math.log1p(n_tokens) / 4,
        uppercase,
        sum(map(str.isdigit, text)) / visible,
        min(1.0, norm.n_obfuscated / max(1, norm.original_length)),
        min(1.0, norm.n_mixed_words / 2),
        min(1.0, norm.n_emoji / visible),
        math.log1p(min(links, 10)),
        math.log1p(min(len(domains), 10)),
        1.0 if prepared.website_host else 0.0,
        article_overlap(prepared) if prepared.has_article else math.nan,
        n_en / n_tokens if n_tokens else 0.0,
        n_id / n_tokens if n_tokens else 0.0,
        min(1.0, norm.n_elongated / 3),
        min(1.0, float(norm.n_spaced)),
        min(1.0, text.count("!") / visible * 10),
        sum(map(PRAISE_WORDS.__contains__, tokens)) / n_tokens if n_tokens else 0.0,
        sum(map(SECOND_PERSON.__contains__, tokens)) / n_tokens if n_tokens else 0.0,
        min(1.0, talk / 3),
        1.0 if talk >= 2 else 0.0,
        *judol,
        min(1.0, float(norm.n_styled_words)),
    ]
    # Why a column of its own: a brand-shaped name alone is sometimes a
    # reader's handle or a hashtag, and gambling words alone are as often the
    # readers' complaints about judi online; a name of that shape *with*
    # gambling or winning talk is an advertisement ("SHALAT24434 ASLI GACOR").
    # A linear model cannot say "both" with the two columns it has.
    _, brand, _, gambling, winning, _ = judol
    signals.append(1.0 if brand and (gambling or winning) else 0.0)
    return signals


# Judol that has never been seen: the brand is new, but its shape is not.
# A brand is letters then digits (LESTI77, JALAK4D, DEWA303), or letters
# ending in a gambling word (PULAUWIN, DEWABET); it is often fenced by emoji
# or symbols (🔥LESTI77🔥, 【DEWA】). The talk around it is of slots and of
# winning, and a split advertisement is one short line of winning talk with
# no brand at all ("baru wd 3jt di tempat sebelah").
_BRAND_ENDING = re.compile(
    r"^[a-z]{3,}(?:win|bet|slot|toto|gacor|hoki|jp|play|vip)$"
    # or starting with one (POKERBOLA, SLOTGACOR, TOGELHK): three letters more
    # at least, so that "slots" and "totol" stay words
    r"|^(?:poker|slot|togel|casino|kasino|toto|gacor|jackpot|maxwin)[a-z]{3,}$"
)
# A brand is a short name: a longer run of letters and digits is a hash, a
# session id or a file name pasted from a log (a reader's bug report, not an
# advertisement).
MAX_BRAND_CHARS = 15
# A brand's number spelled out as words (PULAU777 as "Pu Lau Tujuh Tujuh
# Tujuh"), so that no digit gives it away: three or more number words in a
# row. Readers count with two ("dua tiga hari", "satu dua orang"), not three.
_NUMBER_WORDS = (
    r"(?:nol|kosong|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan"
    r"|zero|one|two|three|four|five|six|seven|eight|nine)"
)
_SPELLED_NUMBER = re.compile(rf"\b{_NUMBER_WORDS}(?:[\s.,/-]+{_NUMBER_WORDS}){{2,}}\b")
# Or its digits set apart after the name ("Pulau 7/7/7", "Pulau 7.7/7",
# "BUKIT 8 8 8"): one digit from 2 to 9 three times with separators, the
# lucky numbers 777 and 888 that brands end in. Dates repeat no digit so, and
# versions repeat 0 and 1 ("installed 1.1.1").
_SPACED_NUMBER = re.compile(r"\b[a-z]{3,}\s+([2-9])(?:[\s./-]\1){2,}\b")
_NOT_BRANDS = frozenset("covid19 covid pph21 h1n1 5g 4g".split())
# Letters written as digits ("p3t1r", "sc4tt3r", "g4c0r"): read back before the
# gambling words are looked for.
_LEET = str.maketrans("013457", "oieast")
# Not brands: Indonesian reduplication written with a 2 ("sama2", "langkah2nya")
# and a word with a year ("pilpres2019").
_NOT_BRAND_SHAPES = re.compile(r"^[a-z]+2[a-z]*$|^[a-z]+(?:19|20)\d\d$")
_SYMBOL = r"[^\w\s.,!?'\"()\-:;/@#%&*+=<>\[\]]"
# Fences of doubled punctuation too (",,BOSSWD,,", "**ZORO88**", "~~X~~"):
# single commas, stars and dashes are ordinary writing, doubled around one
# name they are decoration. Dots are not fences ("ya..bagus..sekali").
_DOUBLED = r"(?:,{2,}|\*{2,}|~{2,}|={2,}|\+{2,}|_{2,})"
_FENCED = re.compile(
    rf"{_SYMBOL}\s?[A-Za-z0-9]{{3,}}\s?{_SYMBOL}"
    rf"|{_DOUBLED}\s?[A-Za-z0-9]{{3,}}\s?{_DOUBLED}"
)
_GAMBLING = re.compile(
    r"\b(?:slots?|gacor\w*|max ?win|togel|scatter\w*|zeus|olympus|mahjong\w*"
    r"|pragmatic|depo|deposit|rtp|spin\w*|bandar|petir|judol|casino|kasino"
    r"|betting|taruhan|jackpot|jekpot|jp|jepe|wd|withdraw\w*)\b"
)
# Amounts of money, "cair" (a grant paid out) and "sebelah" alone are citizens'
# words too (prices, aid, the neighbours): not counted.
_WINNING = re.compile(
    r"\b(?:wd|withdraw\w*|jp|jepe|jackpot|jekpot|max ?win|menang\w*|cuan"
    r"|modal (?:kecil|receh)|receh|gacor|hoki|(?:tempat|situs|web|lapak) sebelah"
    r"|auto (?:kaya|sultan|jp|wd)|x\d{3,4})\b"
)


def gambling_signals(text: str, tokens: list[str], n_invisible: int) -> list[float]:
    """``invisible``, ``brand_shaped``, ``brand_fenced``, ``gambling``,
    ``winning_talk`` and ``short_winning`` of one normalised text."""
    mixed = [t for t in tokens if not t.isalpha() and not t.isdigit()]
    brands = sum(1 for t in tokens if _is_brand(t))
    lowered_text = text.lower()
    brands += len(_SPELLED_NUMBER.findall(lowered_text))
    brands += len(_SPACED_NUMBER.findall(lowered_text))
    lowered = " ".join([lowered_text, *(t.translate(_LEET) for t in mixed)])
    gambling = len(_GAMBLING.findall(lowered))
    winning = len(_WINNING.findall(lowered))
    return [
        min(1.0, n_invisible / 3),
        min(1.0, brands / 2),
        1.0 if _FENCED.search(text) else 0.0,
        min(1.0, gambling / 3),
        min(1.0, winning / 2),
        1.0 if winning and not brands and len(tokens) <= 15 else 0.0,
    ]


@lru_cache(maxsize=20_000)
def _is_brand(token: str) -> bool:
    """Three or more letters with digits among them (``lesti77``, ``b0sswd``,
    ``dewa303``), or letters ending in a gambling word (``pulauwin``).
    Remembered per token: a long comment asks for a hundred, mostly common."""
    if len(token) > MAX_BRAND_CHARS:
        return False
    if token in _NOT_BRANDS or len(token) < 4 or _NOT_BRAND_SHAPES.match(token):
        return bool(_BRAND_ENDING.match(token))
    letters = sum(map(str.isalpha, token))
    if letters >= 3 and letters < len(token):
        return True
    return bool(_BRAND_ENDING.match(token))


def other_language(prepared: PreparedComment) -> bool:
    """Whether the comment is in another language than its article and
    shares no content word with it (the seed's English praise under an
    Indonesian press release). Needs the article; the language is detected
    only for comments that share nothing with it."""
    if not prepared.has_article:
        return False
    mine = prepared.content_words
    if len(mine) < 2 or mine & prepared.article_words:
        return False
    from .language import article_language, detect

    article = prepared.article_language or article_language(prepared.article_context)
    comment = detect(_without_placeholders(prepared.normalised.text))
    return bool(article and comment and comment != article)


def page_talk_kinds(text: str) -> int:
    """How many kinds of page talk (``PAGE_TALK_PATTERNS``) ``text`` has."""
    lowered = text.lower()
    return sum(bool(p.search(lowered)) for p in _PAGE_TALK)


class CommentPreparer(TransformerMixin, BaseEstimator):
    """Records -> list of :class:`PreparedComment` (stateless)."""

    def fit(self, X, y=None):
        self.n_records_seen_ = len(X)
        return self

    def transform(self, X):
        check_is_fitted(self, "n_records_seen_")
        return [prepare(record) for record in X]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        tags.requires_fit = False
        return tags


class CommentSignals(TransformerMixin, BaseEstimator):
    """Prepared comments -> dense array of signals (``SIGNAL_NAMES``).

    Parameters
    ----------
    relevance_centre : float or None
        Subtracted from the article overlap of comments that have an article.
        ``None`` learns it as the median overlap of the training comments
        that have one (0.0 if none has).
    """

    def __init__(self, relevance_centre: float | None = None):
        self.relevance_centre = relevance_centre

    def fit(self, X, y=None):
        self._fit_raw(self._raw(X))
        return self

    def fit_transform(self, X, y=None, **fit_params):
        raw = self._raw(X)
        self._fit_raw(raw.copy())
        return self.finish(raw)

    @staticmethod
    def _raw(X) -> np.ndarray:
        return np.array([raw_signals(p) for p in X], dtype=np.float64).reshape(
            -1, len(SIGNAL_NAMES)
        )

    def _fit_raw(self, raw: np.ndarray) -> None:
        if self.relevance_centre is not None:
            self.relevance_centre_ = float(self.relevance_centre)
        else:
            overlaps = raw[:, SIGNAL_NAMES.index("article_relevance")]
            overlaps = overlaps[~np.isnan(overlaps)]
            self.relevance_centre_ = (
                float(np.median(overlaps)) if overlaps.size else 0.0
            )
        self.signal_names_ = SIGNAL_NAMES
        finished = self.finish(raw)
        self.mean_ = finished.mean(axis=0) if len(raw) else np.zeros(raw.shape[1])

    def transform(self, X):
        check_is_fitted(self, "relevance_centre_")
        return self.finish(self._raw(X))

    @property
    def fitted_signal_names(self) -> tuple[str, ...]:
        """The signals this fitted transformer emits, in order: those of the
        code that fitted it (a model saved before a signal was added keeps
        its columns)."""
        return tuple(getattr(self, "signal_names_", LEGACY_SIGNAL_NAMES))

    def finish(self, raw: np.ndarray) -> np.ndarray:
        """Keep the fitted signals' columns of raw signal rows (``SIGNAL_NAMES``
        order) and centre the relevance column (in place where possible)."""
        names = self.fitted_signal_names
        if names != SIGNAL_NAMES:
            raw = raw[:, [SIGNAL_NAMES.index(name) for name in names]]
        column = names.index("article_relevance")
        relevance = raw[:, column]
        raw[:, column] = np.where(
            np.isnan(relevance), 0.0, relevance - self.relevance_centre_
        )
        return raw

    def get_feature_names_out(self, input_features=None):
        return np.asarray(self.fitted_signal_names, dtype=object)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        return tags


class CompactTfidfVectorizer(TfidfVectorizer):
    """``TfidfVectorizer`` whose fitted vocabulary is stored as one string.

    skops writes a dict entry by entry, which takes minutes and megabytes for
    a 250,000-term vocabulary; as a newline-joined string of the terms in
    index order it is one value. (Terms never contain a newline: the n-gram
    text is whitespace-normalised.) Behaviour is the parent's.
    """

    def _check_params(self):
        # scikit-learn tests ``dtype`` against type objects, so the string
        # "float32" (a string keeps skops' trusted types short) drew "will be
        # converted to np.float64" at every training although the rows are
        # float32: the first start printed it as a warning.
        if np.dtype(self.dtype) in (np.float32, np.float64):
            return
        super()._check_params()

    def __getstate__(self):
        state = dict(super().__getstate__())  # may be the live __dict__
        vocabulary = state.pop("vocabulary_", None)
        if vocabulary is not None:
            terms = sorted(vocabulary, key=vocabulary.__getitem__)
            state["vocabulary_terms_"] = "\n".join(terms)
        return state

    def __setstate__(self, state):
        state = dict(state)
        terms = state.pop("vocabulary_terms_", None)
        if terms is not None:
            state["vocabulary_"] = {
                term: index for index, term in enumerate(terms.split("\n"))
            }
        super().__setstate__(state)


class FlooredTfidfVectorizer(CompactTfidfVectorizer):
    """TF-IDF rows scaled to unit length, except that a row's length counts as
    at least the ``floor_quantile`` quantile of the training rows' lengths.

    With plain L2 rows a comment of one or two words puts its whole weight on
    one or two n-grams, so one word that spam uses often ("Check with
    nuerologist." scored 0.81 on "check") decides it. With the floor a short
    comment weighs as little as it says. Built with ``norm=None``; the floor is
    fitted on the training rows (``norm_floor_``). Chosen on validation: fewer
    short ham comments marked spam or held, the same spam caught.
    """

    floor_quantile = 0.25

    def fit(self, raw_documents, y=None):
        self.fit_transform(raw_documents, y)
        return self

    def fit_transform(self, raw_documents, y=None):
        if self.norm is not None:
            raise ValueError("FlooredTfidfVectorizer scales rows itself: norm=None")
        X = super().fit_transform(raw_documents, y)
        lengths = _row_lengths(X)
        self.norm_floor_ = float(np.quantile(lengths, self.floor_quantile))
        return _scaled_rows(X, np.maximum(lengths, self.norm_floor_))

    def transform(self, raw_documents):
        check_is_fitted(self, "norm_floor_")
        X = super().transform(raw_documents)
        return _scaled_rows(X, np.maximum(_row_lengths(X), self.norm_floor_))


def _row_lengths(X) -> np.ndarray:
    return np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())


def _scaled_rows(X, lengths: np.ndarray):
    """``X`` (sparse, CSR) with row ``i`` divided by ``lengths[i]`` (0: left)."""
    X = X.tocsr()
    safe = np.where(lengths > 0, lengths, 1.0).astype(X.dtype)
    X.data /= np.repeat(safe, np.diff(X.indptr))
    return X
