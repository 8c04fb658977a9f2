"""How fast moderators' decisions teach the filter a spam it has not seen.

    .venv/bin/python benchmarks/spamfilter_learning.py [--seed N] [--labels 0,1,2,3]
                                                       [--json FILE]

The blog-spam templates of the test split are spam the bundled corpora never
showed the model: each template's ten spun copies stay on one side of the
grouped split. Here a site receives them, and moderators mark the first k
copies of each template as spam (``source="moderator"``, weighted by
``WARTA_SPAMFILTER_MODERATOR_WEIGHT`` as the comments app's labels are). The
model is retrained with those labels added to its training split (validation
unchanged, thresholds chosen again on it) and measured

- on the copies no moderator saw: the last ``10 - max(k)`` copies of each
  template, the same rows for every k;
- on the rest of the test split: does anyone else get marked spam for it?

Each k > 0 is run with the moderators' weight and with weight 1. (In
production the labels go through the grouped split with the corpora, so
about 60 % of them reach the training split; here all do, to isolate the
effect of the labels.)

Not part of the test suite: it trains a model per row of its table.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import project  # noqa: F401 - the project on sys.path, its settings named

TEMPLATE_PREFIX = "blog_spam_en:blogcom_"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--labels", default="0,1,2,3", help="Copies marked per template (k)."
    )
    parser.add_argument("--json", help="Also write all figures to this file.")
    args = parser.parse_args()

    import django

    django.setup()
    import warnings

    warnings.filterwarnings("ignore", category=UserWarning)
    from django.conf import settings

    from spamfilter.data import grouped_split, load_corpora

    counts = sorted({int(k) for k in args.labels.split(",")})
    weight = float(getattr(settings, "WARTA_SPAMFILTER_MODERATOR_WEIGHT", 5.0))
    splits = grouped_split(load_corpora(random_state=args.seed), random_state=args.seed)
    copies = template_copies(splits.test)
    unseen = [row for rows in copies.values() for row in rows[max(counts) :]]
    print(
        f"test split: {len(copies)} blog templates the model has not seen, "
        f"{sum(map(len, copies.values()))} copies; measured on the last "
        f"{len(unseen)} (moderators mark the first k of each)"
    )
    print(
        f"  {'k':>2s} {'weight':>6s} | {'unseen copies: spam':>19s} "
        f"{'not published':>13s} | {'rest of test: ham marked spam':>29s} "
        f"{'citizens':>8s} {'spam recall':>11s} | {'threshold':>9s}"
    )
    report = []
    for k in counts:
        for row_weight in (weight, 1.0) if k else (weight,):
            figures = retrain_and_measure(splits, copies, unseen, k, row_weight)
            report.append(figures)
            print(
                f"  {k:2d} {row_weight:6.1f} | {figures['unseen_spam']:18.1%} "
                f"{figures['unseen_not_published']:13.1%} | "
                f"{figures['rest_ham_fpr']:23.2%} ({figures['rest_ham_fp']:3d}) "
                f"{figures['citizens_fp']:8d} {figures['rest_spam_recall']:11.1%} | "
                f"{figures['spam_threshold']:9.3f}   ({figures['seconds']:.0f} s)"
            )
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2), encoding="utf-8")


def template_copies(rows) -> dict[str, list]:
    """The blog-template rows of ``rows`` by template, in corpus order."""
    copies = defaultdict(list)
    for row in rows:
        if row.group.startswith(TEMPLATE_PREFIX):
            copies[row.group].append(row)
    return dict(copies)


def retrain_and_measure(splits, copies, unseen, k: int, weight: float) -> dict:
    """Train with the first ``k`` copies of each template labelled by
    moderators; measure on ``unseen`` and on the rest of the test split."""
    from spamfilter.data import MODERATOR_SOURCE, Splits
    from spamfilter.evaluation import evaluate
    from spamfilter.training import labels, train_model

    marked = [
        replace(row, source=MODERATOR_SOURCE, weight=weight, group="")
        for rows in copies.values()
        for row in rows[:k]
    ]
    template_rows = {id(row) for rows in copies.values() for row in rows}
    rest = [row for row in splits.test if id(row) not in template_rows]
    started = time.perf_counter()
    result = train_model(
        [],
        splits=Splits(
            train=splits.train + marked, validation=splits.validation, test=rest
        ),
    )
    seconds = time.perf_counter() - started
    hold, spam = result.hold_threshold, result.spam_threshold
    p_unseen = result.pipeline.predict_proba(unseen)[:, 1]
    on_unseen = evaluate(
        labels(unseen), p_unseen, hold_threshold=hold, spam_threshold=spam
    )
    rest_all = result.metrics["test"]["all"]["spam"]
    return {
        "k": k,
        "weight": weight,
        "labels": len(marked),
        "hold_threshold": hold,
        "spam_threshold": spam,
        "unseen_spam": on_unseen["spam"]["recall"],
        "unseen_not_published": on_unseen["hold"]["recall"],
        "rest_ham_fpr": rest_all["false_positive_rate"],
        "rest_ham_fp": rest_all["fp"],
        "rest_spam_recall": rest_all["recall"],
        "citizens_fp": result.metrics["test"]["citizen_posts_id"]["spam"]["fp"],
        "seconds": seconds,
    }


if __name__ == "__main__":
    main()
