"""Training: corpora + moderators' labels -> a calibrated pipeline with
thresholds and metrics -> a registered model version.

:func:`train_model` is pure (no database); :func:`train_and_register` is what
the management command and the comments app's retraining task call.

Sample weights: each row's ``weight`` (moderators' labels carry
``WARTA_SPAMFILTER_MODERATOR_WEIGHT``, default 5) times a source balance,
``(mean rows per source / rows of the source) ** 0.5``, so that the 31,000
judol comments do not drown the few hundred blog-spam templates.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sklearn.metrics import roc_auc_score

from . import registry
from .data import (
    SPAM,
    LabelledText,
    Splits,
    data_summary,
    grouped_split,
    load_corpora,
    weighted_as_moderator,
)
from .evaluation import (
    HOLD_TARGET_FPR,
    SPAM_TARGET_FPR,
    choose_thresholds,
    evaluate_by_source,
    probabilities,
    recall_at_fpr,
)
from .exceptions import ModelUnavailable
from .pipeline import DEFAULT_PARAMS, build_pipeline, calibrate, fit_classifier

ACTIVATE_CHOICES = ("if_not_worse", "always", "never")
SOURCE_BALANCE_POWER = 0.5
# "Not worse" allows this much less recall at the target false-positive rate
# and this much less ROC AUC on the same validation rows (noise of a retrain).
RECALL_TOLERANCE = 0.005
AUC_TOLERANCE = 0.002


@dataclass
class TrainingResult:
    """A fitted, calibrated pipeline with its thresholds and figures."""

    pipeline: Any
    hold_threshold: float
    spam_threshold: float
    metrics: dict
    data_summary: dict
    splits: Splits = field(repr=False)


def labels(rows: Sequence[LabelledText]) -> np.ndarray:
    return np.array([row.label == SPAM for row in rows], dtype=int)


def sample_weights(
    rows: Sequence[LabelledText], power: float = SOURCE_BALANCE_POWER
) -> np.ndarray:
    """Row weight times the source balance (see the module docstring)."""
    counts = Counter(row.source for row in rows)
    mean = len(rows) / len(counts)
    weights = np.array(
        [row.weight * (mean / counts[row.source]) ** power for row in rows]
    )
    return weights / weights.mean()


def training_rows(
    labels: Iterable[LabelledText] = (),
    *,
    limit: int | None = None,
    corpora: Sequence[str] | None = None,
) -> list[LabelledText]:
    """The bundled corpora (``limit`` rows per corpus at most) and the
    moderators' ``labels`` the caller hands in (weighted as moderators')."""
    return load_corpora(corpora, limit=limit) + weighted_as_moderator(labels)


def fit_pipeline(
    splits: Splits,
    *,
    random_state: int = 0,
    params: dict | None = None,
    balance_power: float = SOURCE_BALANCE_POWER,
):
    """Fit on ``splits.train`` and calibrate on ``splits.validation``; returns
    the pipeline and the validation spam probabilities."""
    params = {**DEFAULT_PARAMS, "random_state": random_state, **(params or {})}
    pipeline = build_pipeline(**params)
    fit_classifier(
        pipeline,
        pipeline[:-1].fit_transform(splits.train),
        labels(splits.train),
        sample_weight=sample_weights(splits.train, balance_power),
        nb_alpha=params["nb_alpha"],
    )
    features = pipeline[:-1].transform(splits.validation)
    calibrate(pipeline, features, labels(splits.validation))
    return pipeline, pipeline.steps[-1][1].predict_proba(features)[:, 1]


def train_model(
    rows: Sequence[LabelledText],
    *,
    random_state: int = 0,
    params: dict | None = None,
    spam_target_fpr: float = SPAM_TARGET_FPR,
    hold_target_fpr: float = HOLD_TARGET_FPR,
    splits: Splits | None = None,
) -> TrainingResult:
    """Split ``rows`` (grouped, de-duplicated), fit, calibrate and choose the
    thresholds on validation, and measure validation and test figures."""
    started = time.perf_counter()
    if splits is None:
        splits = grouped_split(rows, random_state=random_state)
    if not splits.train or not splits.validation:
        raise ValueError("too few rows to train: empty train or validation split")
    pipeline, p_val = fit_pipeline(splits, random_state=random_state, params=params)
    fitted = time.perf_counter()
    y_val = labels(splits.validation)
    sources_val = [row.source for row in splits.validation]
    hold, spam = choose_thresholds(
        y_val,
        p_val,
        sources_val,
        spam_target_fpr=spam_target_fpr,
        hold_target_fpr=hold_target_fpr,
    )
    thresholds = {"hold_threshold": hold, "spam_threshold": spam}
    metrics = {
        "validation": evaluate_by_source(y_val, p_val, sources_val, **thresholds),
        "validation_recall_at_target_fpr": recall_at_fpr(y_val, p_val, spam_target_fpr),
        "targets": {"spam_fpr": spam_target_fpr, "hold_fpr": hold_target_fpr},
        "fit_seconds": round(fitted - started, 2),
        "random_state": random_state,
    }
    if splits.test:
        y_test = labels(splits.test)
        p_test = pipeline.predict_proba(splits.test)[:, 1]
        metrics["test"] = evaluate_by_source(
            y_test, p_test, [row.source for row in splits.test], **thresholds
        )
    return TrainingResult(
        pipeline=pipeline,
        hold_threshold=hold,
        spam_threshold=spam,
        metrics=metrics,
        data_summary={
            "train": data_summary(splits.train),
            "validation": data_summary(splits.validation),
            "test": data_summary(splits.test),
        },
        splits=splits,
    )


def compare_on_validation(result: TrainingResult, model: Any) -> dict:
    """The new model's and ``model``'s (a loaded active model) ROC AUC and
    recall at the target false-positive rate on the same validation rows."""
    rows = result.splits.validation
    y = labels(rows)
    target = result.metrics["targets"]["spam_fpr"]
    figures = {}
    for name, scorer in (("new", result.pipeline), ("active", model)):
        p = probabilities(scorer, rows)
        both = len(np.unique(y)) == 2
        figures[name] = {
            "roc_auc": float(roc_auc_score(y, p)) if both else None,
            "recall_at_target_fpr": recall_at_fpr(y, p, target),
        }
    return figures


def is_not_worse(figures: dict) -> bool:
    new, active = figures["new"], figures["active"]
    if new["recall_at_target_fpr"] < active["recall_at_target_fpr"] - RECALL_TOLERANCE:
        return False
    if new["roc_auc"] is not None and active["roc_auc"] is not None:
        return new["roc_auc"] >= active["roc_auc"] - AUC_TOLERANCE
    return True


def train_and_register(
    labels: Iterable[LabelledText] = (),
    *,
    activate: str = "if_not_worse",
    random_state: int = 0,
    limit: int | None = None,
    corpora: Sequence[str] | None = None,
    params: dict | None = None,
    notes: str = "",
    actor=None,
):
    """Train on the bundled corpora and the moderators' ``labels``, save the model
    with skops and register it; returns its :class:`~spamfilter.models.ModelVersion`.

    ``activate``:

    - ``"if_not_worse"`` (default): activate when there is no usable active
      model, or when the new one is not worse than the active one on the new
      validation split (recall at the target false-positive rate within
      ``RECALL_TOLERANCE``, ROC AUC within ``AUC_TOLERANCE``);
    - ``"always"``: activate it;
    - ``"never"``: only register it.

    The comparison lands in ``metrics["comparison"]``. Older files are kept,
    so :func:`spamfilter.registry.rollback` can go back. ``limit`` (rows per
    corpus) and ``corpora`` restrict the bundled data, for quick runs.
    """
    if activate not in ACTIVATE_CHOICES:
        raise ValueError(f"activate must be one of {ACTIVATE_CHOICES}")
    started = time.perf_counter()
    rows = training_rows(labels, limit=limit, corpora=corpora)
    result = train_model(rows, random_state=random_state, params=params)
    result.metrics["training_seconds"] = round(time.perf_counter() - started, 2)

    should_activate = activate == "always"
    if activate == "if_not_worse":
        try:
            active = registry.load_active()
        except ModelUnavailable:
            should_activate = True
        else:
            figures = compare_on_validation(result, active)
            figures["active"]["version"] = active.version
            result.metrics["comparison"] = figures
            should_activate = is_not_worse(figures)
    summary = result.data_summary
    summary["all"] = data_summary(rows)
    return registry.save_model(
        result.pipeline,
        hold_threshold=result.hold_threshold,
        spam_threshold=result.spam_threshold,
        data_summary=summary,
        metrics=result.metrics,
        notes=notes,
        make_active=should_activate,
        actor=actor,
    )
