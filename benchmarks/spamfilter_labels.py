"""Suspect training labels, found by cross-validated confident learning (cleanlab).

    .venv/bin/python benchmarks/spamfilter_labels.py [--folds 5] [--show 40]
                                                     [--seed N] [--csv FILE]

1. Out-of-fold spam probabilities for every row of the training split: the
   filter's pipeline trained on the other folds (folds are near-duplicate
   groups, so a template's copies never predict each other), calibrated on the
   validation split.
2. ``cleanlab.filter.find_label_issues`` on those probabilities: rows whose
   given label disagrees with what the rest of the data says, ranked by the
   model's confidence in the other label. Printed by source and label, the
   ``--show`` most suspect with their text; all of them to ``--csv``.
3. What the suspects do to the model: trained on the training split as it is,
   without the suspects, and with their labels flipped, each measured on the
   validation split (its labels as given: they may be wrong too).

``pip install -e .[dev]`` installs cleanlab.
"""

from __future__ import annotations

import argparse
import csv
import time
from collections import Counter
from dataclasses import replace

import numpy as np
import project  # noqa: F401 - the project on sys.path, its settings named


def out_of_fold(train, validation, folds: int, seed: int) -> np.ndarray:
    """Out-of-fold spam probabilities of ``train`` (grouped folds)."""
    from sklearn.model_selection import GroupKFold

    from spamfilter.data import Splits, near_duplicate_groups
    from spamfilter.training import fit_pipeline, labels

    groups = near_duplicate_groups(train, random_state=seed)
    p = np.zeros(len(train))
    y = labels(train)
    for k, (inside, outside) in enumerate(
        GroupKFold(n_splits=folds).split(np.zeros(len(train)), y, groups)
    ):
        started = time.perf_counter()
        fold = Splits(train=[train[i] for i in inside], validation=validation, test=[])
        pipeline, _ = fit_pipeline(fold, random_state=seed)
        p[outside] = pipeline.predict_proba([train[i] for i in outside])[:, 1]
        print(
            f"  fold {k + 1}/{folds}: {len(outside)} rows predicted "
            f"({time.perf_counter() - started:.0f} s)",
            flush=True,
        )
    return p


def measure(name: str, train, validation, seed: int) -> dict:
    """Validation figures of the pipeline trained on ``train``."""
    from spamfilter.data import Splits
    from spamfilter.evaluation import choose_thresholds, evaluate, recall_at_fpr
    from spamfilter.training import SPAM_TARGET_FPR, fit_pipeline, labels

    pipeline, p = fit_pipeline(
        Splits(train=train, validation=validation, test=[]), random_state=seed
    )
    y = labels(validation)
    sources = [r.source for r in validation]
    hold, spam = choose_thresholds(y, p, sources)
    figures = evaluate(y, p, hold_threshold=hold, spam_threshold=spam)
    recall = recall_at_fpr(y, p, SPAM_TARGET_FPR)
    print(
        f"  {name:34s} AUC {figures['roc_auc']:.5f}  recall at "
        f"{100 * SPAM_TARGET_FPR:.1f} % FPR {100 * recall:5.1f} %  thresholds "
        f"{hold:.3f}/{spam:.3f}: spam recall {100 * figures['spam']['recall']:5.1f} %"
        f" FPR {100 * figures['spam']['false_positive_rate']:.2f} %, not published "
        f"{100 * figures['hold']['recall']:5.1f} % FPR "
        f"{100 * figures['hold']['false_positive_rate']:.2f} %",
        flush=True,
    )
    return {"figures": figures, "recall_at_target": recall}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--show", type=int, default=40)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--csv", help="Write every suspect to this CSV file.")
    args = parser.parse_args()

    import django

    django.setup()
    import warnings

    warnings.filterwarnings("ignore", category=UserWarning)
    from cleanlab.filter import find_label_issues

    from spamfilter.data import HAM, SPAM, grouped_split, load_corpora
    from spamfilter.training import labels

    splits = grouped_split(load_corpora(random_state=args.seed), random_state=args.seed)
    train, validation = splits.train, splits.validation
    print(f"train {len(train)}, validation {len(validation)}; out-of-fold scores:")
    p = out_of_fold(train, validation, args.folds, args.seed)
    y = labels(train)
    started = time.perf_counter()
    suspects = find_label_issues(
        y,
        np.column_stack([1 - p, p]),
        return_indices_ranked_by="self_confidence",
    )
    print(
        f"\ncleanlab: {len(suspects)} suspect labels of {len(train)} "
        f"({time.perf_counter() - started:.2f} s)"
    )
    by_kind = Counter(f"{train[i].source} given {train[i].label}" for i in suspects)
    given = Counter(f"{r.source} given {r.label}" for r in train)
    for kind, n in sorted(by_kind.items(), key=lambda kv: -kv[1]):
        print(f"  {kind:50s} {n:5d} of {given[kind]}")
    print(f"\nThe {args.show} most suspect (p = out-of-fold spam probability):")
    for i in suspects[: args.show]:
        row = train[i]
        text = " ".join(row.text.split())[:110]
        print(f"  {row.label:4s} p={p[i]:.3f} {row.source:28s} {text!r}")
    if args.csv:
        with open(args.csv, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["rank", "source", "label", "p_spam", "text"])
            for rank, i in enumerate(suspects, 1):
                row = train[i]
                writer.writerow([rank, row.source, row.label, f"{p[i]:.4f}", row.text])

    print("\nValidation split, trained on:")
    suspect_set = {int(i) for i in suspects}
    measure("the training split as given", train, validation, args.seed)
    measure(
        "without the suspects",
        [r for i, r in enumerate(train) if i not in suspect_set],
        validation,
        args.seed,
    )
    flipped = [
        replace(r, label=HAM if r.label == SPAM else SPAM) if i in suspect_set else r
        for i, r in enumerate(train)
    ]
    measure("with the suspects' labels flipped", flipped, validation, args.seed)


if __name__ == "__main__":
    main()
