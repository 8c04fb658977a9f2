"""Speed, size and memory of the spam filter.

    .venv/bin/python benchmarks/spamfilter_speed.py [--n 3000]

Runs standalone (its own throwaway SQLite database and model directory, no
project settings needed): trains on all bundled corpora through
``train_and_register`` (timed), reports the model file size, the latency of
``spamfilter.score`` for single comments (each with a seed article of about
5,000 characters as ``article_text``), its cost on texts built to make the
normaliser's regular expressions backtrack, and the resident memory of a
fresh process before and after it loads the model.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def configure(workdir: Path) -> None:
    import django
    from django.conf import settings

    settings.configure(
        INSTALLED_APPS=["spamfilter"],
        DATABASES={
            "default": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(workdir / "db.sqlite3"),
            }
        },
        USE_TZ=True,
        BASE_DIR=workdir,
        WARTA_SPAMFILTER_MODEL_DIR=workdir / "models",
        WARTA_SPAMFILTER_ACTIVE_CHECK_SECONDS=3600,
    )
    django.setup()


def rss_kib() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def memory_child(workdir: str) -> None:
    """In a fresh process: RSS after Django, after loading the model."""
    configure(Path(workdir))
    before = rss_kib()
    from spamfilter import registry, score

    registry.load_active()
    score("warm up")
    after = rss_kib()
    print(json.dumps({"rss_before_kib": before, "rss_after_kib": after}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=3000, help="Comments to score.")
    parser.add_argument("--memory-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        memory_child(args.memory_child)
        return

    workdir = Path(tempfile.mkdtemp(prefix="spamfilter-speed-"))
    configure(workdir)
    import warnings

    warnings.filterwarnings("ignore", category=UserWarning)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from spamfilter import score
    from spamfilter.data import load_corpora
    from spamfilter.training import train_and_register

    started = time.perf_counter()
    version = train_and_register(activate="always")
    training = time.perf_counter() - started
    print(
        f"training on all bundled corpora (load, de-duplicate, group, fit, "
        f"calibrate, evaluate, save): {training:.1f} s "
        f"(fit and calibration alone: {version.metrics['fit_seconds']:.1f} s)"
    )
    print(f"model file: {version.size / 1e6:.2f} MB")

    article = (
        (ROOT / "news/demo/seeds/000_79588dd97111e2d7.txt")
        .read_text(encoding="utf-8")
        .split("Komentar")[0]
    )
    rows = load_corpora(limit=max(1, args.n // 7), random_state=1)
    texts = [r.text for r in rows][: args.n]
    for text in texts[:50]:
        score(text, article_text=article)
    timings = []
    for text in texts:
        start = time.perf_counter_ns()
        score(text, name="Pembaca", email="pembaca@example.com", article_text=article)
        timings.append((time.perf_counter_ns() - start) / 1e6)
    timings.sort()

    def pct(q):
        return timings[min(len(timings) - 1, int(q * len(timings)))]

    print(
        f"score() single comment, n={len(timings)}: p50 {pct(0.5):.3f} ms, "
        f"p90 {pct(0.9):.3f} ms, p99 {pct(0.99):.3f} ms, max {timings[-1]:.1f} ms "
        f"(text length median {sorted(map(len, texts))[len(texts) // 2]} chars)"
    )

    # Texts built to make a regular expression backtrack: a comment is read
    # as 600 characters at most, so each should cost about what a long
    # ordinary comment does.
    worst = {
        "dotted run": "a." * 2000 + "ab",
        "spaced letters": "a " * 2000 + "ab",
        "fenced letters": "【a】" * 1500 + "ab",
        "e-mail characters": "a.+" * 1500 + "@",
        "hyphenated run": "a-a." * 1000 + "ab",
    }
    costs = {}
    for label, text in worst.items():
        start = time.perf_counter_ns()
        score(text, article_text=article)
        costs[label] = (time.perf_counter_ns() - start) / 1e6
    print(
        "score() on texts built to backtrack: "
        + ", ".join(f"{label} {ms:.2f} ms" for label, ms in costs.items())
    )

    result = subprocess.run(
        [sys.executable, __file__, "--memory-child", str(workdir)],
        capture_output=True,
        text=True,
        check=True,
    )
    memory = json.loads(result.stdout.strip().splitlines()[-1])
    before, after = memory["rss_before_kib"] / 1024, memory["rss_after_kib"] / 1024
    print(
        f"resident memory of a fresh process: {before:.0f} MB with Django set up, "
        f"{after:.0f} MB after loading the model and scoring once "
        f"(model and its libraries: +{after - before:.0f} MB)"
    )


if __name__ == "__main__":
    os.environ.pop("DJANGO_SETTINGS_MODULE", None)
    main()
