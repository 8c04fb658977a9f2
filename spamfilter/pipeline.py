"""The scikit-learn pipeline: records -> features -> calibrated linear model.

::

    Pipeline
      prepare     CommentPreparer        records -> PreparedComment
      features    FeatureUnion
        words       FlooredTfidfVectorizer  word 1-2-grams of the normalised text
        chars       FlooredTfidfVectorizer  char_wb 2-5-grams (catches spellings)
        signals     CommentSignals       bounded numeric signals
      classifier  LogisticRegression (fitted on naive-Bayes-scaled n-grams, the
                  scale folded into its coefficients: see fit_classifier), then
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
    FlooredTfidfVectorizer,
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
    # Naive Bayes scaling of the n-gram columns (see fit_classifier); None: off.
    "nb_alpha": 1.0,
}


def build_pipeline(**params: Any) -> Pipeline:
    """A fresh, unfitted pipeline; keyword arguments override ``DEFAULT_PARAMS``."""
    unknown = set(params) - set(DEFAULT_PARAMS)
    if unknown:
        raise TypeError(f"unknown pipeline parameters: {sorted(unknown)}")
    p = {**DEFAULT_PARAMS, **params}  # nb_alpha is fit_classifier's
    words = FlooredTfidfVectorizer(
        preprocessor=ngram_text,
        token_pattern=r"(?u)\b\w+\b",
        ngram_range=tuple(p["word_ngram_range"]),
        min_df=p["word_min_df"],
        max_features=p["word_max_features"],
        sublinear_tf=True,
        norm=None,
        dtype="float32",
    )
    chars = FlooredTfidfVectorizer(
        preprocessor=ngram_text,
        analyzer="char_wb",
        ngram_range=tuple(p["char_ngram_range"]),
        min_df=p["char_min_df"],
        max_features=p["char_max_features"],
        sublinear_tf=True,
        norm=None,
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


def ngram_columns(pipeline: Pipeline) -> int:
    """How many leading feature columns are n-grams (the signals follow)."""
    transformers = dict(pipeline.named_steps["features"].transformer_list)
    return len(transformers["words"].vocabulary_) + len(
        transformers["chars"].vocabulary_
    )


def nb_scale(
    X: Any, y: Sequence[int], sample_weight: Any, alpha: float, n_scaled: int
) -> np.ndarray:
    """Per-column factors: ``|log-count ratio|`` of the first ``n_scaled``
    columns, 1 for the rest.

    The ratio is ``log((p_j / |p|) / (q_j / |q|))`` where ``p_j`` and ``q_j``
    are the weighted numbers of spam and ham training rows in which feature
    ``j`` occurs, plus ``alpha``: the naive Bayes evidence of the feature.
    """
    y = np.asarray(y)
    weights = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight)
    present = X[:, :n_scaled].tocsr(copy=True)
    present.data[:] = 1.0
    p = np.asarray(present[y == 1].T @ weights[y == 1]).ravel() + alpha
    q = np.asarray(present[y == 0].T @ weights[y == 0]).ravel() + alpha
    ratio = np.log((p / p.sum()) / (q / q.sum()))
    return np.concatenate([np.abs(ratio), np.ones(X.shape[1] - n_scaled)])


def fit_classifier(
    pipeline: Pipeline,
    features: Any,
    y: Sequence[int],
    *,
    sample_weight: Any = None,
    nb_alpha: float | None = DEFAULT_PARAMS["nb_alpha"],
) -> Pipeline:
    """Fit the pipeline's logistic regression on ``features`` (the fitted
    feature steps' output for the training rows).

    With ``nb_alpha``, NBSVM-style (Wang & Manning 2012): each n-gram column
    is multiplied by its naive Bayes log-count ratio magnitude
    (:func:`nb_scale`) before the fit, so the L2 penalty lets features with
    strong evidence keep large weights and shrinks the noise; the factors are
    then folded into the coefficients (``coef_ * scale``). The fitted model is
    an ordinary ``LogisticRegression`` over the unscaled features: nothing
    changes for scoring, persistence or the trusted types.
    """
    classifier = pipeline.named_steps["classifier"]
    if nb_alpha is None:
        classifier.fit(features, y, sample_weight=sample_weight)
        return pipeline
    features = features.tocsr()
    scale = nb_scale(features, y, sample_weight, nb_alpha, ngram_columns(pipeline))
    classifier.fit(features.multiply(scale).tocsr(), y, sample_weight=sample_weight)
    classifier.coef_ = (classifier.coef_ * scale).astype(classifier.coef_.dtype)
    return pipeline


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
