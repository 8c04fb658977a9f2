"""The scikit-learn pipeline: records -> features -> calibrated linear model.

::

    Pipeline
      prepare     CommentPreparer        records -> PreparedComment
      features    FeatureUnion
        words       CompactTfidfVectorizer  word 1-2-grams of the normalised text
        chars       CompactTfidfVectorizer  char_wb 2-5-grams (catches spellings)
        signals     CommentSignals       bounded numeric signals
      classifier  LogisticRegression, then after fitting
                  CalibratedClassifierCV(FrozenEstimator(LogisticRegression), sigmoid)

:func:`calibrate` fits the sigmoid (Platt) calibration on held-out validation
data once the pipeline is fitted on the training split: one logistic fit
instead of the four a cross-validated calibration needs (training stays well
under a minute), and a calibration measured on data the model has not seen.
Sigmoid calibration keeps the ranking of the logistic model, so thresholds
chosen on the same validation data are not disturbed by the ties isotonic
calibration would create, and the calibrated model stays one linear model
whose weights explain a score (see :mod:`spamfilter.scoring`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.frozen import FrozenEstimator
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import MultinomialNB
from sklearn.pipeline import FeatureUnion, Pipeline

from .features import (
    CommentPreparer,
    CommentSignals,
    CompactTfidfVectorizer,
    ngram_text,
    raw_text,
)

DEFAULT_PARAMS: dict[str, Any] = {
    "word_ngram_range": (1, 2),
    "word_min_df": 2,
    "word_max_features": 100_000,
    "char_ngram_range": (2, 5),
    "char_min_df": 3,
    "char_max_features": 150_000,
    "C": 8.0,
    "tol": 1e-4,
    "random_state": 0,
}


def build_pipeline(**params: Any) -> Pipeline:
    """A fresh, unfitted pipeline; keyword arguments override ``DEFAULT_PARAMS``."""
    unknown = set(params) - set(DEFAULT_PARAMS)
    if unknown:
        raise TypeError(f"unknown pipeline parameters: {sorted(unknown)}")
    p = {**DEFAULT_PARAMS, **params}
    words = CompactTfidfVectorizer(
        preprocessor=ngram_text,
        token_pattern=r"(?u)\b\w+\b",
        ngram_range=tuple(p["word_ngram_range"]),
        min_df=p["word_min_df"],
        max_features=p["word_max_features"],
        sublinear_tf=True,
        dtype="float32",
    )
    chars = CompactTfidfVectorizer(
        preprocessor=ngram_text,
        analyzer="char_wb",
        ngram_range=tuple(p["char_ngram_range"]),
        min_df=p["char_min_df"],
        max_features=p["char_max_features"],
        sublinear_tf=True,
        dtype="float32",
    )
    classifier = LogisticRegression(
        C=p["C"], tol=p["tol"], max_iter=2000, random_state=p["random_state"]
    )
    return Pipeline(
        [
            ("prepare", CommentPreparer()),
            (
                "features",
                FeatureUnion(
                    [("words", words), ("chars", chars), ("signals", CommentSignals())]
                ),
            ),
            ("classifier", classifier),
        ]
    )


def calibrate(pipeline: Pipeline, features: Any, y: Sequence[int]) -> Pipeline:
    """Replace the fitted classifier by its sigmoid calibration on held-out
    ``features`` (``pipeline[:-1].transform(validation records)``); returns
    the same pipeline object."""
    fitted = pipeline.steps[-1][1]
    calibrated = CalibratedClassifierCV(FrozenEstimator(fitted), method="sigmoid")
    calibrated.fit(features, np.asarray(y))
    pipeline.steps[-1] = ("classifier", calibrated)
    return pipeline


def build_baseline(alpha: float = 0.1) -> Pipeline:
    """Multinomial naive Bayes on word counts of the raw text, the model of
    Bogofilter and SpamBayes, for comparison in benchmarks."""
    words = CountVectorizer(preprocessor=raw_text, token_pattern=r"(?u)\b\w+\b")
    return Pipeline([("words", words), ("classifier", MultinomialNB(alpha=alpha))])
