"""What the article context and the new signals cost per comment, paired.

    .venv/bin/python benchmarks/spamfilter_context_cost.py [--n 3000]

The n-gram part of scoring is unchanged by issue 15; what changed is the
preparation of a comment (trusted links) and its signals (brand shapes,
gambling and winning talk, the language of a comment that shares nothing with
its article). For ``--n`` corpus comments, each under a seed press release,
this times ``prepare`` + ``raw_signals`` + ``other_language`` of the current
code and ``prepare`` + ``raw_signals`` of main at ``PREVIOUS_COMMIT``
alternately, comment by comment, and prints the medians and p99 of both and
the median of the per-comment differences: on a loaded machine the pairing
keeps the difference meaningful when absolute times are not.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import project  # noqa: F401 - the project on sys.path, its settings named


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=3000)
    args = parser.parse_args()

    import django

    django.setup()
    import importlib

    import numpy as np
    from spamfilter_heldout import press_releases, previous_package

    from spamfilter import features
    from spamfilter.data import load_corpora
    from spamfilter.language import load

    previous_package()
    old = importlib.import_module("spamfilter_main.features")
    load()
    articles = press_releases()
    rows = load_corpora(limit=args.n // 7 + 1)[: args.n]
    rng = np.random.default_rng(0)
    records = [
        {"text": r.text, **articles[i]}
        for r, i in zip(rows, rng.integers(0, len(articles), len(rows)), strict=True)
    ]
    old_records = [
        {
            "text": r["text"],
            "article_text": " ".join(
                [r["article_title"], r["article_lead"], r["article_text"]]
            ),
        }
        for r in records
    ]

    def current(record):
        prepared = features.prepare(record)
        features.raw_signals(prepared)
        features.other_language(prepared)

    def previous(record):
        old.raw_signals(old.prepare(record))

    for record, old_record in zip(records[:50], old_records[:50], strict=True):
        current(record), previous(old_record)  # warm the caches
    now, before = [], []
    for record, old_record in zip(records, old_records, strict=True):
        started = time.perf_counter()
        current(record)
        middle = time.perf_counter()
        previous(old_record)
        now.append(middle - started)
        before.append(time.perf_counter() - middle)
    now_ms, before_ms = np.array(now) * 1000, np.array(before) * 1000
    print(
        f"{len(records)} comments under press releases, load {os.getloadavg()[0]:.1f}"
    )
    for name, values in (("issue 15", now_ms), ("previous", before_ms)):
        print(
            f"  {name:9s} median {np.median(values):.3f} ms, p90 "
            f"{np.quantile(values, 0.9):.3f} ms, p99 {np.quantile(values, 0.99):.3f} ms"
        )
    print(
        f"  paired difference: median {statistics.median(now_ms - before_ms):+.3f} ms,"
        f" p99 {np.quantile(now_ms - before_ms, 0.99):+.3f} ms; ratio of medians "
        f"{np.median(now_ms) / np.median(before_ms):.2f}"
    )


if __name__ == "__main__":
    main()
