"""The spam filter on what it has never seen, every comment under an article.

    .venv/bin/python benchmarks/spamfilter_heldout.py [--folds 5] [--only 0,1]
                                                      [--seed N] [--json FILE]
                                                      [--no-previous]

One training per fold, for three models side by side in the same run: the
current code, the previous model (the filter of main at ``PREVIOUS_COMMIT``,
imported from ``git archive`` as a separate package) and the multinomial naive
Bayes baseline. Each trains on the grouped split of a pool from which two
things are taken out entirely:

(a) **cross-source judol**: one fifth of ``indonesian_youtube_judol_id``. The
    corpus has no channel column (``text,label,group``, the group empty), but
    its rows are stored video by video (the topics change in runs: frogs, tuna,
    a podcast...), so consecutive fifths are groups of videos. The held-out
    fifth is de-duplicated, and its rows whose skeleton occurs in the pool are
    left out (a copy of a known campaign is not "never seen"). Scored without
    an article (the video is not known).
(b) **unseen English praise templates**: a fifth of the 30 ``blogcom_T*``
    templates of ``blog_spam_en`` (all 10 expansions of each), each row posted
    under one of the three seed press releases (``news/demo/seeds``), against
    the genuine ``news_comments_en`` and ``citizen_posts_id`` rows of the pool's
    test split (used neither for training nor for thresholds), also under the
    press releases, so that language is not a label.

Thresholds are each model's own, chosen on the pool's validation split, and
the decision is :func:`comments.policy.filter_status`: marked spam at the spam
threshold, held at the hold threshold or (current model only: the previous one
does not report it) for the reason "other language, not about the article",
else published; for the current model, a comment at the spam threshold whose
words alone (without links and technical text, ``spamfilter.evidence``) stay
below it is held, not marked spam.
"""

from __future__ import annotations

import argparse
import atexit
import importlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import types
from collections import defaultdict
from io import BytesIO
from pathlib import Path

import numpy as np
from project import ROOT

#: main when this benchmark was written: the model issue 15 starts from.
PREVIOUS_COMMIT = "e3934e1"
JUDOL = "indonesian_youtube_judol_id"
BLOG = "blog_spam_en"
GENUINE = ("news_comments_en", "citizen_posts_id")


def previous_package():
    """main's ``spamfilter`` at ``PREVIOUS_COMMIT`` as ``spamfilter_main``
    (its registry, which needs the Django models, is left out)."""
    target = Path(tempfile.mkdtemp(prefix="warta-previous-"))
    atexit.register(shutil.rmtree, target, True)
    archive = subprocess.run(
        ["git", "archive", PREVIOUS_COMMIT, "spamfilter"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    (target / "spamfilter").rename(target / "spamfilter_main")
    sys.path.insert(0, str(target))
    sys.modules["spamfilter_main.registry"] = types.ModuleType(
        "spamfilter_main.registry"
    )
    return (
        importlib.import_module("spamfilter_main.training"),
        importlib.import_module("spamfilter_main.scoring"),
    )


def press_releases() -> list[dict]:
    from comments.policy import trusted_domains
    from news.demo import seed_articles

    return [
        {
            "article_title": article.title,
            "article_lead": article.paragraphs[0],
            "article_text": "\n\n".join(article.paragraphs[1:]),
            "article_language": "id",
            "site_domain": "palopokota.go.id",
            "trusted_domains": trusted_domains(),
        }
        for article in seed_articles()
    ]


def under_articles(rows, articles, rng) -> list[dict]:
    """Each row as a record under a randomly chosen article."""
    picks = rng.integers(0, len(articles), size=len(rows))
    return [
        {"text": row.text, "website": row.website, **articles[i]}
        for row, i in zip(rows, picks, strict=True)
    ]


def plain(rows) -> list[dict]:
    return [
        {"text": r.text, "website": r.website, "article_text": r.article_text}
        for r in rows
    ]


def decisions(
    scorer,
    thresholds,
    records,
    *,
    context: bool,
    evidence: bool = False,
    scores: list | None = None,
) -> list[str]:
    """``published`` / ``pending`` / ``spam`` for each record, by the policy:
    with ``context`` the language rule, with ``evidence`` the rule that links
    and technical text alone do not bin (``spamfilter.evidence``; current
    model only). ``scores``, if given, receives each record's probability and
    reasons."""
    from comments.policy import Thresholds, filter_status
    from spamfilter.evidence import content_probability

    limits = Thresholds(*thresholds)
    out = []
    for record in records:
        probability, reasons = scorer.score(record)
        codes = {reason.code for reason in reasons} if context else set()
        content = (
            content_probability(scorer, record)
            if evidence and probability >= limits.spam
            else None
        )
        out.append(str(filter_status(probability, limits, codes, content)[0]))
        if scores is not None:
            scores.append((probability, [reason.code for reason in reasons]))
    return out


def show_outcomes(title, records, labels, outcomes, scores, label, outcome, n):
    """Print up to ``n`` rows of ``label`` that got ``outcome`` (the judol the
    current model publishes, the genuine comments it marks spam): the texts a
    figure is made of, to be read."""
    rows = [
        (scores[i][0], scores[i][1], records[i]["text"])
        for i in range(len(records))
        if labels[i] == label and outcomes[i] == outcome
    ]
    if not rows or not n:
        return
    print(f"    {title}: {len(rows)}")
    for probability, codes, text in sorted(rows, reverse=True)[:n]:
        flat = " ".join(text.split())[:200]
        print(f"      p={probability:.3f} {','.join(codes[:4])}: {flat!r}")


def nb_decisions(nb, thresholds, records) -> list[str]:
    from comments.policy import Thresholds, filter_status

    p = nb.predict_proba(records)[:, 1]
    limits = Thresholds(*thresholds)
    return [str(filter_status(float(v), limits)[0]) for v in p]


def train(module, splits, seed):
    """(scorer, (hold, spam), seconds) of one training module on ``splits``."""
    training, scoring = module
    started = time.perf_counter()
    pipeline, p_val = training.fit_pipeline(splits, random_state=seed)
    y_val = training.labels(splits.validation)
    hold, spam = training.choose_thresholds(
        y_val, p_val, [r.source for r in splits.validation]
    )
    return scoring.Scorer(pipeline), (hold, spam), time.perf_counter() - started


def train_nb(splits):
    from spamfilter.evaluation import choose_thresholds
    from spamfilter.pipeline import build_baseline
    from spamfilter.training import labels

    nb = build_baseline().fit(plain(splits.train), labels(splits.train))
    p_val = nb.predict_proba(plain(splits.validation))[:, 1]
    thresholds = choose_thresholds(
        labels(splits.validation), p_val, [r.source for r in splits.validation]
    )
    return nb, thresholds


def tally(keys, outcomes) -> dict:
    """Counts of decisions by key (a label, or the genuine rows' source)."""
    counts: dict = defaultdict(lambda: defaultdict(int))
    for key, outcome in zip(keys, outcomes, strict=True):
        counts[key][outcome] += 1
    return {k: dict(v) for k, v in counts.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--only", help="Run only these folds (comma-separated).")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", help="Also write all counts to this file.")
    parser.add_argument("--no-previous", action="store_true")
    parser.add_argument(
        "--show",
        type=int,
        default=0,
        help="Print up to N held-out judol spam the current model publishes, "
        "judol ham and genuine comments it marks spam, and templates it publishes "
        "without the language rule, per fold.",
    )
    args = parser.parse_args()

    import django

    django.setup()
    import warnings

    warnings.filterwarnings("ignore", category=UserWarning)

    from spamfilter import scoring as current_scoring
    from spamfilter import training as current_training
    from spamfilter.data import deduplicate, grouped_split, load_corpora, skeleton

    models = {"current": (current_training, current_scoring)}
    if not args.no_previous:
        models["previous"] = previous_package()
    rng = np.random.default_rng(args.seed)
    articles = press_releases()
    rows = load_corpora(random_state=args.seed)
    judol = [r for r in rows if r.source == JUDOL]
    templates = sorted({r.group for r in rows if r.group.startswith(f"{BLOG}:blogcom")})
    template_order = rng.permutation(len(templates))
    folds = range(args.folds)
    if args.only:
        folds = [int(k) for k in args.only.split(",")]
    report: dict = {"seed": args.seed, "folds": {}}
    for k in folds:
        lo, hi = len(judol) * k // args.folds, len(judol) * (k + 1) // args.folds
        held_judol_ids = {id(r) for r in judol[lo:hi]}
        held_templates = {templates[i] for i in template_order[k :: args.folds]}
        pool = [
            r
            for r in rows
            if id(r) not in held_judol_ids and r.group not in held_templates
        ]
        seen = {skeleton(r.text) for r in pool}
        held_judol = [
            r for r in deduplicate(judol[lo:hi]) if skeleton(r.text) not in seen
        ]
        held_blog = [r for r in rows if r.group in held_templates]
        splits = grouped_split(pool, random_state=args.seed)
        genuine = [r for r in splits.test if r.source in GENUINE]
        blog_records = under_articles(held_blog, articles, rng)
        genuine_records = under_articles(genuine, articles, rng)
        genuine_sources = [r.source for r in genuine]
        judol_records = plain(held_judol)
        judol_labels = [r.label for r in held_judol]
        print(
            f"\nfold {k}: judol rows {lo}-{hi} ({len(held_judol)} unseen after "
            f"de-duplication: {judol_labels.count('spam')} spam), templates "
            f"{sorted(t.split(':')[-1] for t in held_templates)} "
            f"({len(held_blog)} rows), genuine {len(genuine)} "
            f"(pool train {len(splits.train)}, validation {len(splits.validation)})",
            flush=True,
        )
        fold: dict = {}
        for name, module in models.items():
            scorer, thresholds, seconds = train(module, splits, args.seed)
            judol_scores: list = []
            genuine_scores: list = []
            current = name == "current"
            judol_outcomes = decisions(
                scorer,
                thresholds,
                judol_records,
                context=False,
                evidence=current,
                scores=judol_scores,
            )
            genuine_outcomes = decisions(
                scorer,
                thresholds,
                genuine_records,
                context=current,
                evidence=current,
                scores=genuine_scores,
            )
            fold[name] = {
                "thresholds": thresholds,
                "seconds": round(seconds, 1),
                "judol": tally(judol_labels, judol_outcomes),
                "templates": tally(
                    ["spam"] * len(held_blog),
                    decisions(
                        scorer,
                        thresholds,
                        blog_records,
                        context=current,
                        evidence=current,
                    ),
                ),
                "genuine": tally(genuine_sources, genuine_outcomes),
            }
            if current:
                shown = (judol_records, judol_labels, judol_outcomes, judol_scores)
                show_outcomes(
                    "judol spam published", *shown, "spam", "published", args.show
                )
                show_outcomes("judol ham marked spam", *shown, "ham", "spam", args.show)
                show_outcomes(
                    "genuine marked spam",
                    genuine_records,
                    ["ham"] * len(genuine_records),
                    genuine_outcomes,
                    genuine_scores,
                    "ham",
                    "spam",
                    args.show,
                )
            if current:
                without = {"context": False, "evidence": True}
                template_scores: list = []
                template_outcomes = decisions(
                    scorer, thresholds, blog_records, **without, scores=template_scores
                )
                show_outcomes(
                    "templates published by the model alone",
                    blog_records,
                    ["spam"] * len(blog_records),
                    template_outcomes,
                    template_scores,
                    "spam",
                    "published",
                    args.show,
                )
                fold["current_without_language_rule"] = {
                    "thresholds": thresholds,
                    "templates": tally(["spam"] * len(held_blog), template_outcomes),
                    "genuine": tally(
                        genuine_sources,
                        decisions(scorer, thresholds, genuine_records, **without),
                    ),
                }
            print(
                f"  {name}: thresholds {thresholds[0]:.3f} / {thresholds[1]:.3f}, "
                f"trained in {seconds:.0f} s",
                flush=True,
            )
        nb, nb_thresholds = train_nb(splits)
        fold["naive_bayes"] = {
            "thresholds": nb_thresholds,
            "judol": tally(
                judol_labels, nb_decisions(nb, nb_thresholds, judol_records)
            ),
            "templates": tally(
                ["spam"] * len(held_blog), nb_decisions(nb, nb_thresholds, blog_records)
            ),
            "genuine": tally(
                genuine_sources, nb_decisions(nb, nb_thresholds, genuine_records)
            ),
        }
        report["folds"][k] = fold
        print_fold(fold)
    print_summary(report["folds"])
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2), encoding="utf-8")


def _rate(counts: dict, outcomes: tuple[str, ...]) -> tuple[int, int]:
    total = sum(counts.values())
    return sum(counts.get(o, 0) for o in outcomes), total


def _pct(part: int, total: int) -> str:
    return f"{100 * part / total:5.1f} % ({part}/{total})" if total else "-"


def figures(entry: dict) -> dict[str, str]:
    out = {}
    if "judol" in entry:
        spam, ham = entry["judol"].get("spam", {}), entry["judol"].get("ham", {})
        out["judol spam not published"] = _pct(*_rate(spam, ("spam", "pending")))
        out["judol spam marked spam"] = _pct(*_rate(spam, ("spam",)))
        out["judol ham marked spam"] = _pct(*_rate(ham, ("spam",)))
        out["judol ham held"] = _pct(*_rate(ham, ("pending",)))
    templates = entry["templates"].get("spam", {})
    genuine: dict = defaultdict(int)
    for counts in entry["genuine"].values():
        for outcome, n in counts.items():
            genuine[outcome] += n
    out["templates not published"] = _pct(*_rate(templates, ("spam", "pending")))
    out["genuine marked spam"] = _pct(*_rate(genuine, ("spam",)))
    out["genuine held"] = _pct(*_rate(genuine, ("pending",)))
    for source in GENUINE:
        counts = entry["genuine"].get(source, {})
        out[f"  {source} marked spam"] = _pct(*_rate(counts, ("spam",)))
        out[f"  {source} held"] = _pct(*_rate(counts, ("pending",)))
    return out


def print_fold(fold: dict) -> None:
    for name, entry in fold.items():
        print(f"  {name}")
        for label, value in figures(entry).items():
            print(f"    {label:28s} {value}")


def print_summary(folds: dict) -> None:
    """Counts summed over the folds: each held-out judol row and template row
    once; the genuine rows are the same in every fold (the pool's test split),
    scored by each fold's model."""
    total: dict = {}
    for fold in folds.values():
        for name, entry in fold.items():
            into = total.setdefault(name, {})
            for part in ("judol", "templates", "genuine"):
                if part not in entry:
                    continue
                for label, counts in entry[part].items():
                    target = into.setdefault(part, {}).setdefault(label, {})
                    for outcome, n in counts.items():
                        target[outcome] = target.get(outcome, 0) + n
    print(f"\nAll folds ({len(folds)}), counts summed")
    for name, entry in total.items():
        print(f"  {name}")
        for label, value in figures(entry).items():
            print(f"    {label:28s} {value}")


if __name__ == "__main__":
    main()
