"""Quality of the spam filter on held-out data, beside a naive Bayes baseline.

    .venv/bin/python benchmarks/spamfilter_quality.py [--seed N] [--json FILE]
                                                      [--skip-cross]

- per corpus and union: the model trained on the grouped, de-duplicated
  train split, calibrated and thresholded on validation, measured on test;
- the same splits for a multinomial naive Bayes on word counts of the raw
  text (Bogofilter/SpamBayes' model), thresholds chosen the same way;
- cross-corpus: trained without corpus X (its own split for the thresholds),
  measured on every de-duplicated row of X;
- every test row is scored under an article: the YouTube comments under
  their video's title (the corpus's own), the blog-template praise (the spam
  real sites got under press releases) and the citizen posts under one of the
  three seed press releases each, so that language is not a label; the other
  corpora have no article;
- seed checks: the four spam comments of the seed article must not be
  published, every paragraph of the three press releases (with its article as
  context) must be.

Not part of the test suite: it trains eight models and takes minutes.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import project  # noqa: F401 - the project on sys.path, its settings named


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", help="Also write all figures to this file.")
    parser.add_argument("--skip-cross", action="store_true")
    args = parser.parse_args()

    import django

    django.setup()
    import warnings

    warnings.filterwarnings("ignore", category=UserWarning)

    from spamfilter.data import CORPORA, deduplicate, grouped_split, load_corpora

    report: dict = {"seed": args.seed}
    rows = load_corpora(random_state=args.seed)
    started = time.perf_counter()
    splits = grouped_split(rows, random_state=args.seed)
    print(
        f"rows {len(rows)}; after de-duplication and grouping: train "
        f"{len(splits.train)}, validation {len(splits.validation)}, test "
        f"{len(splits.test)} ({time.perf_counter() - started:.1f} s)"
    )

    model, baseline = train_both(rows, splits, args.seed)
    report["model"] = model["test"]
    report["model_policy_spam"] = model.get("policy_spam")
    report["baseline"] = baseline["test"]
    report["thresholds"] = {
        "model": model["thresholds"],
        "baseline": baseline["thresholds"],
    }
    print(
        f"\nthresholds (chosen on validation): model hold {model['thresholds'][0]:.4f}"
        f" spam {model['thresholds'][1]:.4f}; naive Bayes hold "
        f"{baseline['thresholds'][0]:.4f} spam {baseline['thresholds'][1]:.4f}"
    )
    print_table(
        "Held-out test split (grouped, de-duplicated)", model["test"], baseline["test"]
    )

    report["seeds"] = seed_checks(model["pipeline"], model["thresholds"])

    if not args.skip_cross:
        cross = {}
        for corpus in CORPORA:
            others = [r for r in rows if r.source != corpus]
            held = deduplicate([r for r in rows if r.source == corpus])
            m, b = train_both(
                others,
                grouped_split(others, random_state=args.seed),
                args.seed,
                evaluate_on=held,
            )
            cross[corpus] = {"model": m["test"]["all"], "baseline": b["test"]["all"]}
        report["cross_corpus"] = cross
        print_table(
            "Cross-corpus: trained without the corpus, tested on all of it",
            {k: v["model"] for k, v in cross.items()},
            {k: v["baseline"] for k, v in cross.items()},
        )
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2), encoding="utf-8")


UNDER_PRESS_RELEASES = ("blog_spam_en", "citizen_posts_id")


def in_context(rows, seed):
    """``rows`` with the blog spam and citizen posts under a press release."""
    from dataclasses import replace

    import numpy as np
    from spamfilter_heldout import press_releases

    articles = [
        "\n\n".join([a["article_title"], a["article_lead"], a["article_text"]])
        for a in press_releases()
    ]
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(articles), size=len(rows))
    return [
        replace(row, article_text=articles[i])
        if row.source in UNDER_PRESS_RELEASES
        else row
        for row, i in zip(rows, picks, strict=True)
    ]


def train_both(rows, splits, seed, evaluate_on=None):
    """The model and the naive Bayes baseline on the same splits."""
    from spamfilter.evaluation import choose_thresholds, evaluate_by_source
    from spamfilter.pipeline import build_baseline
    from spamfilter.training import labels, train_model

    test = in_context(evaluate_on if evaluate_on is not None else splits.test, seed)
    y_test = labels(test)
    sources = [r.source for r in test]

    started = time.perf_counter()
    result = train_model(rows, random_state=seed, splits=splits)
    model_seconds = time.perf_counter() - started
    thresholds = (result.hold_threshold, result.spam_threshold)

    def measured(estimator, pair):
        p = estimator.predict_proba(test)[:, 1]
        return evaluate_by_source(
            y_test, p, sources, hold_threshold=pair[0], spam_threshold=pair[1]
        )

    model = {
        "pipeline": result.pipeline,
        "thresholds": thresholds,
        "test": measured(result.pipeline, thresholds),
    }
    if evaluate_on is None:
        model["policy_spam"] = policy_spam(result.pipeline, test, y_test, thresholds[1])

    started = time.perf_counter()
    nb = build_baseline().fit(splits.train, labels(splits.train))
    p_val = nb.predict_proba(splits.validation)[:, 1]
    nb_thresholds = choose_thresholds(
        labels(splits.validation), p_val, [r.source for r in splits.validation]
    )
    nb_seconds = time.perf_counter() - started
    baseline = {"thresholds": nb_thresholds, "test": measured(nb, nb_thresholds)}
    print(
        f"  trained model in {model_seconds:.1f} s, naive Bayes in {nb_seconds:.1f} s"
    )
    return model, baseline


def policy_spam(pipeline, rows, y, spam_threshold) -> dict:
    """Marked spam as the comments policy decides it: a row at the spam
    threshold whose words alone (without links and technical text,
    ``spamfilter.evidence``) stay below it is held instead. Per source:
    spam rows and ham rows marked spam, before and after that rule."""
    from collections import defaultdict
    from dataclasses import asdict

    from spamfilter.evidence import content_probability
    from spamfilter.scoring import Scorer

    scorer = Scorer(pipeline)
    counts: dict = defaultdict(lambda: defaultdict(int))
    p = pipeline.predict_proba(rows)[:, 1]
    for row, label, probability in zip(rows, y, p, strict=True):
        kind = "spam" if label else "ham"
        for source in (row.source, "all"):
            counts[source][f"{kind}_rows"] += 1
        if probability < spam_threshold:
            continue
        content = content_probability(scorer, asdict(row))
        kept = content is None or content >= spam_threshold
        for source in (row.source, "all"):
            counts[source][f"{kind}_marked_by_model"] += 1
            counts[source][f"{kind}_marked_by_policy"] += kept
    out = {source: dict(c) for source, c in counts.items()}
    a = out["all"]
    print(
        "  by the policy (links or technical text alone are held, not marked "
        f"spam): union spam marked {a.get('spam_marked_by_policy', 0)} of "
        f"{a.get('spam_rows', 0)} (model alone {a.get('spam_marked_by_model', 0)}), "
        f"ham marked {a.get('ham_marked_by_policy', 0)} of {a.get('ham_rows', 0)} "
        f"(model alone {a.get('ham_marked_by_model', 0)})"
    )
    return out


def _pct(value) -> str:
    return "    -" if value is None else f"{100 * value:5.1f}"


def print_table(title: str, model: dict, baseline: dict) -> None:
    print(f"\n{title}")
    print("  spam = marked spam (at the spam threshold); not published = held or spam")
    header = (
        f"  {'corpus':30s} {'n':>6s} | {'model: spam rec':>15s} {'FPR':>5s}"
        f" {'notpub rec':>10s} {'FPR':>5s} {'AUC':>6s} | {'NB: spam rec':>12s}"
        f" {'FPR':>5s} {'notpub rec':>10s} {'FPR':>5s} {'AUC':>6s}"
    )
    print(header)
    for source in sorted(model, key=lambda s: (s == "all", s)):
        m, b = model[source], baseline[source]

        def cells(f):
            auc = "     -" if f["roc_auc"] is None else f"{f['roc_auc']:.4f}"
            return (
                f"{_pct(f['spam']['recall']):>15s} "
                f"{_pct(f['spam']['false_positive_rate'])} "
                f"{_pct(f['hold']['recall']):>10s} "
                f"{_pct(f['hold']['false_positive_rate'])} {auc}"
            )

        print(f"  {source:30s} {m['n']:6d} | {cells(m)} | {cells(b)}")
    print("  (percentages; FPR = share of ham given that decision)")


def seed_checks(pipeline, thresholds) -> dict:
    """Seed spam must not be published; press-release paragraphs must be.

    Decided as the site decides (:func:`comments.policy.filter_status`: the
    thresholds, and a comment in another language that does not discuss its
    article is held), each comment under its article (language ``id``); the
    model's band alone is printed beside it."""
    from comments.demo import parse_seed_comments
    from comments.policy import Thresholds, filter_status
    from news.demo import seed_articles
    from spamfilter.evaluation import band
    from spamfilter.evidence import content_probability
    from spamfilter.scoring import Scorer

    scorer = Scorer(pipeline)
    hold, spam = thresholds
    limits = Thresholds(hold, spam)
    articles = seed_articles()
    print("\nSeed checks (policy decision; the model's band alone in brackets)")
    results = {"spam_comments": [], "paragraphs": []}

    def judged(text, article):
        record = {
            "text": text,
            "article_title": article.title,
            "article_text": "\n\n".join(article.paragraphs),
            "article_language": "id",
        }
        probability, reasons = scorer.score(record)
        codes = {reason.code for reason in reasons}
        content = content_probability(scorer, record) if probability >= spam else None
        status = str(filter_status(probability, limits, codes, content)[0])
        return probability, reasons, status, band(probability, hold, spam)

    for article in articles:
        for _, text in parse_seed_comments(article.trailer):
            probability, reasons, status, alone = judged(text, article)
            results["spam_comments"].append(
                {
                    "text": text[:60],
                    "probability": probability,
                    "decision": status,
                    "model_band": alone,
                    "reasons": [reason.text for reason in reasons],
                }
            )
            print(
                f"  seed spam  p={probability:.3f} {status:9s} ({alone:4s}) "
                f"{'ok ' if status != 'published' else 'FAIL'} {text[:50]!r} "
                f"{[reason.code for reason in reasons]}"
            )
        for paragraph in article.paragraphs:
            probability, reasons, status, alone = judged(paragraph, article)
            results["paragraphs"].append(
                {
                    "text": paragraph[:60],
                    "probability": probability,
                    "decision": status,
                    "model_band": alone,
                }
            )
            if status != "published":
                print(
                    f"  paragraph  p={probability:.3f} {status:9s} FAIL "
                    f"{paragraph[:60]!r} {reasons}"
                )
    spam_ok = sum(r["decision"] != "published" for r in results["spam_comments"])
    spam_alone = sum(r["model_band"] != "ham" for r in results["spam_comments"])
    para_ok = sum(r["decision"] == "published" for r in results["paragraphs"])
    print(
        f"  seed spam comments not published: {spam_ok}/"
        f"{len(results['spam_comments'])} (by the model alone {spam_alone}); "
        f"press-release paragraphs published: {para_ok}/"
        f"{len(results['paragraphs'])} (max p "
        f"{max(r['probability'] for r in results['paragraphs']):.3f})"
    )
    return results


if __name__ == "__main__":
    main()
