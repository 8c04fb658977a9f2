"""Does a WordPress site's moderation history teach the filter that site's spam?

    .venv/bin/python benchmarks/wordpress_recall.py [--posts 200] [--comments 4000]
                                                   [--limit 3000] [--seed 1]

The site: a Pemda whose spam is online-gambling promotion (the bundled
``indonesian_youtube_judol_id`` corpus) and whose readers write like the
``citizen_posts_id`` corpus. The filter it starts with was trained on the other
bundled corpora only (``--limit`` rows each): spam it has not seen, as a new site's
own spam is. The distinct texts of each pool are split at random, 70 % for the
site's history and 30 % held out; the history is written as a WXR export by
``scripts/make_wxr.py`` (approved, held, spam and trashed comments) and imported
with ``import_wordpress`` into a throwaway SQLite database. The filter is then
retrained through the real path (``comments.learning.retrain_now``: the imported
decisions as moderator labels, ``spamfilter.retrain``) on the same corpora, and
both models score the held-out comments, which neither saw.

Printed: the share of held-out spam each model holds or bins (recall at the
model's hold threshold and at its spam threshold) and the share of held-out
citizens' comments it would hold (false positives). Not part of the test suite:
it trains two models.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

SITE_SPAM = "indonesian_youtube_judol_id"
SITE_HAM = "citizen_posts_id"


def _pools(seed: int) -> dict[str, tuple[list[str], list[str]]]:
    """``{label: (history, held out)}``: distinct texts split 70/30."""
    import make_wxr

    rng = random.Random(seed)
    pools = {}
    for label, name in (("spam", SITE_SPAM), ("ham", SITE_HAM)):
        texts = sorted(set(make_wxr._texts([f"{name}.csv"], label)))
        rng.shuffle(texts)
        cut = int(len(texts) * 0.7)
        pools[label] = (texts[:cut], texts[cut:])
    return pools


def _rates(texts: list[str]) -> tuple[float, float]:
    """Shares of ``texts`` the active model holds (or bins) and bins."""
    import spamfilter

    held = binned = 0
    for text in texts:
        verdict = spamfilter.score(text)
        held += verdict.probability >= verdict.hold_threshold
        binned += verdict.probability >= verdict.spam_threshold
    return held / len(texts), binned / len(texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=200)
    parser.add_argument("--comments", type=int, default=4000)
    parser.add_argument("--limit", type=int, default=3000, help="rows per corpus")
    parser.add_argument("--held-out", type=int, default=1500, help="per label")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="warta-recall-"))
    try:
        run(args, tmp)
    finally:
        # The SQLite database, the export and both models: nothing left in /tmp.
        shutil.rmtree(tmp, ignore_errors=True)


def run(args: argparse.Namespace, tmp: Path) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "warta_site.settings.dev",
            "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
            "WARTA_VAR_DIR": str(tmp),
            "WARTA_SPAMFILTER_MODEL_DIR": str(tmp / "spamfilter"),
            "CACHE_URL": "locmem://recall",
            "LOG_LEVEL": "WARNING",
        }
    )
    import django

    django.setup()
    import make_wxr
    from django.core.management import call_command

    import spamfilter
    from comments.learning import moderator_labels, retrain_now
    from wordpress.importer import import_export

    corpora = [name for name in spamfilter.CORPORA if name not in (SITE_SPAM, SITE_HAM)]
    options = {"corpora": corpora, "limit": args.limit, "random_state": args.seed}
    pools = _pools(args.seed)
    rng = random.Random(args.seed)
    held_spam = rng.sample(pools["spam"][1], min(args.held_out, len(pools["spam"][1])))
    held_ham = rng.sample(pools["ham"][1], min(args.held_out, len(pools["ham"][1])))

    call_command("migrate", "--noinput", verbosity=0)
    started = time.perf_counter()
    before = spamfilter.retrain([], activate="always", **options)
    seconds = time.perf_counter() - started
    print(f"filter before: {before.version}, trained in {seconds:.0f} s")
    before_rates = (_rates(held_spam), _rates(held_ham))
    with open(os.devnull, "w") as quiet:  # the home page and news index
        call_command("load_demo", stdout=quiet)

    export = tmp / "export.xml"
    with export.open("w", encoding="utf-8") as out:
        make_wxr.write(
            out,
            posts=args.posts,
            comments=args.comments,
            seed=args.seed,
            ham=pools["ham"][0],
            spam=pools["spam"][0],
        )
    report = import_export(export)
    print(
        f"imported: {sum(n for (k, _), n in report.created.items() if k == 'komentar')}"
        f" comments, labels {dict(report.labels)}; moderator_labels() gives "
        f"{len(moderator_labels())}"
    )
    started = time.perf_counter()
    after = retrain_now(activate="always", **options)
    seconds = time.perf_counter() - started
    print(f"filter after: {after.version}, trained in {seconds:.0f} s")
    after_rates = (_rates(held_spam), _rates(held_ham))

    print(f"held out: {len(held_spam)} spam, {len(held_ham)} ham comments of the site")
    print(
        "| model | spam held or binned (recall) | spam binned "
        "| ham held (false positives) |"
    )
    print("|---|---|---|---|")
    for name, ((held, binned), (ham_held, _)) in (
        ("before import", before_rates),
        ("after retraining on the import", after_rates),
    ):
        print(f"| {name} | {held:.1%} | {binned:.1%} | {ham_held:.1%} |")
    print(f"load average: {os.getloadavg()}")


if __name__ == "__main__":
    main()
