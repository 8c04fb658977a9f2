"""Metrics and threshold selection.

Two decisions are measured: *spam* (probability at or above the spam
threshold: the comment is marked spam) and *hold* (at or above the hold
threshold: the comment is not published, held or spam). Their false-positive
rate is the share of ham that gets that decision.

Thresholds are chosen on validation data (:func:`choose_thresholds`): the spam
threshold is the lowest that keeps the validation false-positive rate at or
below ``SPAM_TARGET_FPR`` (0.4%, a 0.1-point margin under the 0.5% the site
accepts, for the difference between validation and new data); the hold
threshold the lowest that holds at most ``HOLD_TARGET_FPR`` (2%) of ham. A
source with enough ham in the validation data (the moderators' labels above
all) must meet the same targets on its own rows.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import average_precision_score, roc_auc_score

SPAM_TARGET_FPR = 0.004
HOLD_TARGET_FPR = 0.02
# A source needs this many ham rows in the validation data to set its own
# constraint on the thresholds (below it one comment is more than 0.5%).
MIN_HAM_PER_SOURCE = 400


def band(probability: float, hold_threshold: float, spam_threshold: float) -> str:
    """``"spam"``, ``"hold"`` or ``"ham"``: the band a probability falls in, for
    reports (what happens to a comment is the comments app's policy)."""
    if probability >= spam_threshold:
        return "spam"
    if probability >= hold_threshold:
        return "hold"
    return "ham"


def decision_metrics(y: Sequence[int], p: Sequence[float], threshold: float) -> dict:
    """Precision, recall, false-positive rate and the confusion counts of the
    decision ``p >= threshold`` (``y`` is 1 for spam)."""
    y = np.asarray(y, dtype=bool)
    flagged = np.asarray(p) >= threshold
    tp = int(np.sum(flagged & y))
    fp = int(np.sum(flagged & ~y))
    fn = int(np.sum(~flagged & y))
    tn = int(np.sum(~flagged & ~y))
    return {
        "precision": tp / (tp + fp) if tp + fp else None,
        "recall": tp / (tp + fn) if tp + fn else None,
        "false_positive_rate": fp / (fp + tn) if fp + tn else None,
        "tp": tp,
        "fp": fp,
        "tn": tn,
        "fn": fn,
    }


def evaluate(
    y: Sequence[int],
    p: Sequence[float],
    *,
    hold_threshold: float,
    spam_threshold: float,
) -> dict:
    """``{"n", "roc_auc", "pr_auc", "spam": {...}, "hold": {...}}``; the AUCs
    are ``None`` when only one class is present."""

    y = np.asarray(y, dtype=int)
    p = np.asarray(p, dtype=float)
    both = len(np.unique(y)) == 2
    return {
        "n": len(y),
        "roc_auc": float(roc_auc_score(y, p)) if both else None,
        "pr_auc": float(average_precision_score(y, p)) if both else None,
        "spam": decision_metrics(y, p, spam_threshold),
        "hold": decision_metrics(y, p, hold_threshold),
    }


def evaluate_by_source(
    y: Sequence[int],
    p: Sequence[float],
    sources: Sequence[str],
    *,
    hold_threshold: float,
    spam_threshold: float,
) -> dict:
    """:func:`evaluate` on all rows (``"all"``) and on each source's rows."""
    y, p, sources = np.asarray(y), np.asarray(p), np.asarray(sources)
    thresholds = {"hold_threshold": hold_threshold, "spam_threshold": spam_threshold}
    result = {"all": evaluate(y, p, **thresholds)}
    for source in sorted(set(sources.tolist())):
        mask = sources == source
        result[source] = evaluate(y[mask], p[mask], **thresholds)
    return result


def threshold_for_fpr(y: Sequence[int], p: Sequence[float], target: float) -> float:
    """The lowest threshold at which at most ``target`` of the ham scores
    ``p >= threshold``."""
    ham = np.sort(np.asarray(p, dtype=float)[~np.asarray(y, dtype=bool)])[::-1]
    if ham.size == 0:
        return 0.0
    allowed = int(np.floor(target * ham.size))
    if allowed >= ham.size:
        return 0.0
    return float(np.nextafter(ham[allowed], np.inf))


def recall_at_fpr(y: Sequence[int], p: Sequence[float], target: float) -> float:
    """Spam recall at the threshold :func:`threshold_for_fpr` picks."""
    threshold = threshold_for_fpr(y, p, target)
    spam = np.asarray(p)[np.asarray(y, dtype=bool)]
    return float(np.mean(spam >= threshold)) if spam.size else 0.0


def choose_thresholds(
    y: Sequence[int],
    p: Sequence[float],
    sources: Sequence[str] | None = None,
    *,
    spam_target_fpr: float = SPAM_TARGET_FPR,
    hold_target_fpr: float = HOLD_TARGET_FPR,
    min_ham_per_source: int = MIN_HAM_PER_SOURCE,
) -> tuple[float, float]:
    """``(hold_threshold, spam_threshold)`` meeting both targets on all rows
    and on every source with at least ``min_ham_per_source`` ham rows."""
    y, p = np.asarray(y, dtype=int), np.asarray(p, dtype=float)
    masks = [np.ones(len(y), dtype=bool)]
    if sources is not None:
        sources = np.asarray(sources)
        for source in set(sources.tolist()):
            mask = sources == source
            if np.sum(mask & (y == 0)) >= min_ham_per_source:
                masks.append(mask)
    spam = max(threshold_for_fpr(y[m], p[m], spam_target_fpr) for m in masks)
    hold = max(threshold_for_fpr(y[m], p[m], hold_target_fpr) for m in masks)
    return min(hold, spam), spam


def read_labelled_csv(path: str | Path) -> tuple[list[dict[str, str]], list[int]]:
    """Rows of a CSV with ``text`` and ``label`` (``spam``/``ham``) columns, and
    optional ``name``, ``email``, ``website``, ``article_text``; returns the
    records and ``y`` (1 = spam). Raises ``ValueError`` on a bad file."""
    records, y = [], []
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"text", "label"} - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
        for line, row in enumerate(reader, start=2):
            label = (row.get("label") or "").strip().lower()
            if label not in ("spam", "ham"):
                raise ValueError(f"{path}:{line}: label must be spam or ham")
            records.append({k: row.get(k) or "" for k in _RECORD_FIELDS})
            y.append(int(label == "spam"))
    return records, y


_RECORD_FIELDS = ("text", "name", "email", "website", "article_text")


def probabilities(model: Any, records: Iterable[Any]) -> np.ndarray:
    """Spam probabilities of ``records`` from a loaded model or a pipeline."""
    pipeline = getattr(model, "pipeline", model)
    records = list(records)
    if not records:
        return np.zeros(0)
    return pipeline.predict_proba(records)[:, 1]
