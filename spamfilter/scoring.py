"""Fast single-comment scoring and the reasons shown to moderators.

A fitted pipeline (see :mod:`spamfilter.pipeline`) is one linear model over
TF-IDF n-grams and numeric signals, followed by a sigmoid calibration. Going
through ``Pipeline.predict_proba`` for one comment costs a few milliseconds of
validation, sparse stacking and wrapping; :class:`Scorer` reads the fitted
vocabularies, IDF weights, coefficients and calibration once and computes the
same probability with dictionary lookups (``tests/spamfilter`` checks it
agrees with ``predict_proba``). The per-feature contributions it computes on
the way are the reasons: the phrases and signals that pushed the score up.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from functools import lru_cache
from itertools import repeat
from typing import Any

import numpy as np

from .features import other_language, prepare, raw_signals
from .normalise import EMAIL_TOKEN, PHONE_TOKEN, URL_TOKEN
from .records import Reason

MAX_REASONS = 5
# Below this probability a comment gets no reasons: nothing to explain, and
# naming the n-grams is a third of the scoring time.
EXPLAIN_FROM = 0.05
# Contributions (in log-odds) below this are not worth a moderator's attention.
MIN_CONTRIBUTION = 0.3

# Signals that only modulate the others (length, language) are not shown.
SILENT_SIGNALS = {"length", "words", "indonesian"}
SIGNAL_REASONS = {
    "uppercase": "huruf kapital berlebihan",
    "digits": "banyak angka",
    "disguised": "huruf samaran (font/aksara lain)",
    "disguised_words": "kata dengan huruf samaran",
    "emoji": "banyak emoji/simbol",
    "links": "berisi tautan",
    "domains": "berisi tautan",
    "website": "kolom situs web diisi",
    "article_relevance": "tidak berkaitan dengan isi artikel",
    "english": "berbahasa Inggris",
    "elongated": "huruf dipanjangkan",
    "spaced": "huruf dipisah spasi atau simbol",
    "exclamations": "banyak tanda seru",
    "praise": "pujian umum",
    "second_person": "menyapa pemilik situs",
    "page_talk": "membicarakan situs, bukan isi artikel",
    "invisible": "huruf tak terlihat (samaran)",
    "brand_shaped": "nama berbentuk merek judi (huruf dan angka)",
    "brand_fenced": "nama dipagari emoji atau simbol",
    "gambling": "istilah judi online",
    "winning_talk": "cerita menang atau penarikan",
    "short_winning": "satu baris cerita menang tanpa merek",
    "styled_word": "satu nama ditulis dengan huruf hias",
    "brand_and_gambling": "nama berbentuk merek bersama istilah judi",
}
# Not a model weight: a comment in another language than its article that
# shares no content word with it. The comments policy holds it at least.
OTHER_LANGUAGE = Reason("other_language", "bahasa lain dan tidak membahas berita")
# Signal columns a moderator reads as one reason: the "two or more kinds"
# column is page talk, the number of link domains part of the links.
_SHOWN_WITH = {"page_talk_several": "page_talk", "domains": "links"}
_PLACEHOLDER_WORDS = {
    URL_TOKEN.lower(): "[tautan]",
    EMAIL_TOKEN.lower(): "[e-mail]",
    PHONE_TOKEN.lower(): "[nomor telepon]",
}
# An n-gram that is only a placeholder reads as what it stands for.
_PLACEHOLDER_REASONS = {
    "[tautan]": Reason("links", "berisi tautan"),
    "[e-mail]": Reason("email", "berisi alamat e-mail"),
    "[nomor telepon]": Reason("phone", "berisi nomor telepon"),
}
_GENERIC_PRAISE = "pujian umum tanpa kaitan dengan artikel"


def _estimators(pipeline: Any):
    """(union, linear model, calibrator) of a fitted pipeline."""
    union = pipeline.named_steps["features"]
    classifier = pipeline.named_steps["classifier"]
    calibrated = classifier.calibrated_classifiers_[0]
    linear = calibrated.estimator
    linear = getattr(linear, "estimator", linear)  # FrozenEstimator
    return union, linear, calibrated.calibrators[0]


# Distinct words whose character n-gram indices each part remembers (a few MB).
WORDS_REMEMBERED = 20_000


class _NgramPart:
    def __init__(self, vectorizer, coef: np.ndarray):
        self.analyzer = vectorizer.build_analyzer()
        self.vocabulary = vectorizer.vocabulary_
        # char_wb n-grams never cross a word's edges, so a text's n-grams are its
        # words' n-grams put together: each word's feature indices are computed
        # once and remembered (site comments repeat their words), where slicing
        # and looking up every n-gram was most of a long comment's scoring.
        self.per_word = vectorizer.analyzer == "char_wb"
        if self.per_word:
            self.preprocess = vectorizer.build_preprocessor()
            self.word_ngrams = vectorizer._char_wb_ngrams
            self.word_keys = lru_cache(maxsize=WORDS_REMEMBERED)(self._word_keys)
        self.sublinear = vectorizer.sublinear_tf
        self.idf = vectorizer.idf_.astype(np.float64)
        # FlooredTfidfVectorizer's least row length; 0 for plain L2 rows.
        self.norm_floor = float(getattr(vectorizer, "norm_floor_", 0.0))
        self.coef = np.asarray(coef, dtype=np.float64)
        self.terms = [""] * len(self.vocabulary)
        for term, index in self.vocabulary.items():
            self.terms[index] = term

    def counts(self, prepared) -> tuple[np.ndarray, np.ndarray]:
        """The text's distinct feature indices and how often each occurs."""
        if not self.per_word:
            counts = Counter(
                map(self.vocabulary.get, self.analyzer(prepared), repeat(-1))
            )
            counts.pop(-1, None)
            keys = np.fromiter(counts.keys(), dtype=np.intp, count=len(counts))
            values = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
            return keys, values
        words = self.preprocess(prepared).split()
        if not words:
            return _NO_COUNTS
        # The words' remembered index arrays joined and counted by sorting:
        # half the time of counting the thousands of indices of a long
        # comment one by one in a Counter.
        keys = np.concatenate(list(map(self.word_keys, words)))
        if not keys.size:
            return _NO_COUNTS
        keys.sort()
        starts = np.flatnonzero(np.diff(keys, prepend=-1))
        return keys[starts], np.diff(starts, append=keys.size).astype(np.float64)

    def contributions(self, prepared) -> tuple[float, tuple]:
        """Sum and per-feature contributions (TF-IDF value times weight), as
        ``(feature indices, values)``."""
        keys, counts = self.counts(prepared)
        if not keys.size:
            return 0.0, _NO_PARTS
        tf = 1.0 + np.log(counts) if self.sublinear else counts
        values = tf * self.idf[keys]
        norm = max(math.sqrt(float(values @ values)), self.norm_floor) or 1.0
        parts = values * self.coef[keys] / norm
        return float(parts.sum()), (keys, parts)

    def _word_keys(self, word: str) -> np.ndarray:
        """The feature indices of one word's character n-grams (with repeats)."""
        get = self.vocabulary.get
        keys = np.fromiter(
            (key for key in map(get, self.word_ngrams(word)) if key is not None),
            dtype=np.intp,
        )
        keys.flags.writeable = False  # remembered and shared
        return keys

    def named(self, parts: tuple, n: int) -> list[tuple[str, float]]:
        """The ``n`` strongest positive contributions as ``(n-gram, value)``."""
        keys, values = parts
        positive = np.flatnonzero(values > 0)
        top = positive[np.argsort(-values[positive], kind="stable")[:n]]
        return [(self.terms[keys[i]], float(values[i])) for i in top]


_NO_PARTS = (np.zeros(0, dtype=np.intp), np.zeros(0))
_NO_COUNTS = _NO_PARTS


class Scorer:
    """Scores one record with a fitted pipeline; see the module docstring."""

    def __init__(self, pipeline: Any):
        union, linear, calibrator = _estimators(pipeline)
        if getattr(union, "transformer_weights", None):
            raise ValueError("transformer weights are not supported")
        coef = np.asarray(linear.coef_, dtype=np.float64).ravel()
        self.intercept = float(linear.intercept_[0])
        self.a = float(calibrator.a_)
        self.b = float(calibrator.b_)
        transformers = dict(union.transformer_list)
        self.signals = transformers["signals"]
        n_words = len(transformers["words"].vocabulary_)
        n_chars = len(transformers["chars"].vocabulary_)
        self.words = _NgramPart(transformers["words"], coef[:n_words])
        self.chars = _NgramPart(
            transformers["chars"], coef[n_words : n_words + n_chars]
        )
        self.signal_coef = coef[n_words + n_chars :]
        self.signal_names = self.signals.fitted_signal_names
        if self.signal_coef.shape[0] != len(self.signal_names):
            raise ValueError("unexpected feature layout")
        self.signal_mean = np.asarray(self.signals.mean_, dtype=np.float64)

    def decision(self, record: Any):
        """Log-odds of the linear model and the pieces needed for reasons."""
        prepared = prepare(record)
        word_sum, word_parts = self.words.contributions(prepared)
        char_sum, char_parts = self.chars.contributions(prepared)
        raw = np.array([raw_signals(prepared)], dtype=np.float64)
        signals = self.signals.finish(raw)[0]
        signal_sum = float(signals @ self.signal_coef)
        value = self.intercept + word_sum + char_sum + signal_sum
        return value, (
            prepared,
            word_parts,
            char_parts,
            signals,
        )

    def probability(self, decision: float) -> float:
        """The calibrated probability for a decision value (Platt sigmoid)."""
        z = self.a * decision + self.b
        if z >= 0:
            return math.exp(-z) / (1.0 + math.exp(-z))
        return 1.0 / (1.0 + math.exp(z))

    def score(self, record: Any) -> tuple[float, tuple[Reason, ...]]:
        """``(probability, reasons)`` for one record; no reasons below
        ``EXPLAIN_FROM`` (nothing pushed the comment towards spam)."""
        value, pieces = self.decision(record)
        probability = self.probability(value)
        prepared, word_parts, char_parts, signals = pieces
        context = (OTHER_LANGUAGE,) if other_language(prepared) else ()
        if probability < EXPLAIN_FROM or self.a > 0:
            # (a > 0 would be a decreasing calibration, inverting every reason)
            return probability, context
        words = self.words.named(word_parts, 15)
        chars = self.chars.named(char_parts, 30)
        return probability, (
            *context,
            *self.reasons(prepared, words, chars, signals),
        )

    def reasons(self, prepared, words, chars, signals) -> tuple[Reason, ...]:
        """Moderator-readable reasons from the strongest word n-grams, the
        words holding the strongest character n-grams, and the signals.

        Contributions that read the same are summed into one reason."""
        pushes: dict[Reason, float] = defaultdict(float)
        for term, contribution in words:
            pushes[_phrase(term)] += contribution
        for word, contribution in self._char_words(prepared, chars).items():
            pushes[_phrase(word)] += contribution
        signal_pushes = (signals - self.signal_mean) * self.signal_coef
        named: dict[str, float] = defaultdict(float)
        for name, contribution in zip(self.signal_names, signal_pushes, strict=True):
            named[_SHOWN_WITH.get(name, name)] += float(contribution)
        # Links that push towards ham must not offset the "[tautan]" n-gram.
        if named.get("links", 0.0) <= 0:
            named.pop("links", None)
        for name, contribution in named.items():
            if name in SILENT_SIGNALS:
                continue
            pushes[self._signal_reason(name, prepared, named)] += contribution
        ranked = sorted(pushes.items(), key=lambda kv: kv[1], reverse=True)
        return tuple(
            reason for reason, push in ranked[:MAX_REASONS] if push >= MIN_CONTRIBUTION
        )

    def _signal_reason(self, name: str, prepared, named: dict[str, float]) -> Reason:
        if name == "links":
            domains = list(prepared.normalised.domains)
            if prepared.website_host:
                domains.append(prepared.website_host)
            domains = tuple(dict.fromkeys(domains))[:3]
            if domains:
                return Reason(
                    "links", "tautan ke domain " + ", ".join(domains), domains
                )
        if name == "website" and prepared.website_host:
            host = prepared.website_host
            return Reason("website", f"kolom situs web diisi ({host})", (host,))
        if name == "article_relevance" and named.get("praise", 0) > 0:
            return Reason("generic_praise", _GENERIC_PRAISE)
        if name in ("praise", "page_talk") and named.get("article_relevance", 0) > 0:
            return Reason("generic_praise", _GENERIC_PRAISE)
        return Reason(name, SIGNAL_REASONS[name])

    def _char_words(self, prepared, chars) -> dict[str, float]:
        """The strongest character n-grams' contributions, shared among the
        words they occur in."""
        padded = {f" {w} " for w in prepared.ngram_text.split()}
        per_word: dict[str, float] = defaultdict(float)
        for gram, contribution in chars:
            holders = [w for w in padded if gram in w]
            for word in holders:
                per_word[word[1:-1]] += contribution / len(holders)
        return per_word


def _phrase(ngram: str) -> Reason:
    shown = " ".join(_PLACEHOLDER_WORDS.get(w, w) for w in ngram.split())
    if shown in _PLACEHOLDER_REASONS:
        return _PLACEHOLDER_REASONS[shown]
    code, kind = ("phrase", "frasa") if " " in ngram else ("word", "kata")
    return Reason(code, f'{kind} "{shown}"', (shown,))
