"""import_wordpress on a generated export, on PostgreSQL: time, peak RSS, rerun.

Usage: ``.venv/bin/python benchmarks/wordpress_import.py [--posts N] [--comments M]``
(defaults 2000 and 10000; the issue's figure is 100000 and 500000). Starts a
throwaway PostgreSQL cluster (as ``benchmarks/stack.py`` does), writes the export
with ``scripts/make_wxr.py``, imports it, imports it again and counts the rows the
second run created (must be zero).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from stack import PY, ROOT, Stack, machine

TABLES = [
    "wagtailcore_page",
    "comments_comment",
    "comments_moderationevent",
    "wordpress_importedobject",
    "wagtailredirects_redirect",
    "news_category",
    "taggit_tag",
]


def postgres_cpu(stack: Stack) -> float:
    """CPU seconds PostgreSQL's processes have used: the postmaster's finished
    children (its cutime and cstime) and the running ones."""
    tick = os.sysconf("SC_CLK_TCK")
    postmaster = int((stack.pgdata / "postmaster.pid").read_text().split()[0])

    def fields(pid: int) -> list[str]:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()

    total = sum(int(v) for v in fields(postmaster)[11:15])  # utime stime cutime cstime
    for task in Path("/proc").iterdir():
        if task.name.isdigit():
            try:
                stat = fields(int(task.name))
            except OSError:
                continue
            if int(stat[1]) == postmaster:
                total += int(stat[11]) + int(stat[12])
    return total / tick


def run_import(stack: Stack, export: Path) -> dict:
    pg_before = postgres_cpu(stack)
    start = time.perf_counter()
    proc = subprocess.Popen(
        [str(PY), "manage.py", "import_wordpress", str(export), "-v0"],
        cwd=ROOT,
        env=stack.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        sys.exit(f"import_wordpress failed ({proc.returncode}):\n{out}")
    return {
        "seconds": time.perf_counter() - start,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "postgres_cpu_seconds": postgres_cpu(stack) - pg_before,
        "peak_rss_mb": usage.ru_maxrss / 1024,
        "load_average": os.getloadavg(),
        "report": out,
    }


def rows(stack: Stack) -> dict[str, int]:
    return {table: int(stack.sql(f"SELECT count(*) FROM {table}")) for table in TABLES}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=2000)
    parser.add_argument("--comments", type=int, default=10000)
    args = parser.parse_args()
    stack = Stack(env={"CACHE_URL": "locmem://bench"})
    try:
        stack._init_postgres()
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        stack.manage("migrate", "--noinput", "-v0", **quiet)
        stack.manage("load_demo", **quiet)
        export = stack.tmp / "export.xml"
        subprocess.run(
            [
                str(PY),
                str(ROOT / "scripts" / "make_wxr.py"),
                str(export),
                "--posts",
                str(args.posts),
                "--comments",
                str(args.comments),
            ],
            cwd=ROOT,
            env=stack.env,
            check=True,
        )
        size_mb = export.stat().st_size / 1e6
        print(f"machine: {machine()}")
        print(f"export: {args.posts} posts, {args.comments} comments, {size_mb:.1f} MB")
        first = run_import(stack, export)
        after_first = rows(stack)
        second = run_import(stack, export)
        after_second = rows(stack)
        created = {t: after_second[t] - after_first[t] for t in TABLES}
        items = args.posts + args.comments
        print(first["report"])
        print(
            f"first run: {first['seconds']:.1f} s wall, {first['cpu_seconds']:.1f} s "
            f"CPU of the import process + {first['postgres_cpu_seconds']:.1f} s CPU "
            f"of PostgreSQL ({items / first['seconds']:.0f} "
            f"posts+comments/s), peak RSS {first['peak_rss_mb']:.0f} MB, load "
            f"average after {first['load_average']}"
        )
        print(
            f"second run: {second['seconds']:.1f} s wall, "
            f"{second['cpu_seconds']:.1f} + {second['postgres_cpu_seconds']:.1f} s "
            f"CPU, peak RSS "
            f"{second['peak_rss_mb']:.0f} MB, rows created: {sum(created.values())} "
            f"{created}"
        )
        tree = stack.manage("fixtree", capture_output=True)
        problems = tree.stdout.count("No problems found.")
        print(f"fixtree: {'no problems' if problems == 2 else tree.stdout}")
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
