"""Page throughput: home, an article with 200 comments (uncached and cached) and a
minimal Wagtail page, served by the production stack, measured with wrk.

Usage: ``.venv/bin/python benchmarks/pages.py`` (root or a user who can run
``runuser``; needs Debian's wrk, postgresql and redis-server). Each run is bounded
by ``PAGES_SECONDS`` (default 15) and ``PAGES_MAX_REQUESTS`` per wrk thread
(default 100000). "Uncached" adds a query parameter the page cache does not know,
which makes the middleware pass the request to Wagtail (a full render).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

from stack import Stack, machine

HERE = Path(__file__).resolve().parent
SECONDS = int(os.environ.get("PAGES_SECONDS", "15"))
MAX_REQUESTS = int(os.environ.get("PAGES_MAX_REQUESTS", "100000"))
CONNECTIONS = int(os.environ.get("PAGES_CONNECTIONS", "10"))
THREADS = 2
UNIT = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def to_ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNIT[unit]


def wrk(url: str, seconds: int) -> dict:
    out = subprocess.run(
        [
            "wrk",
            f"-t{THREADS}",
            f"-c{CONNECTIONS}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "--latency",
            "-s",
            str(HERE / "limit.lua"),
            url,
        ],
        env={**os.environ, "WRK_MAX_REQUESTS": str(MAX_REQUESTS)},
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=True,
    ).stdout
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", out, re.M))
    if set(percentiles) != {"50", "99"}:
        raise RuntimeError(f"Unexpected wrk output:\n{out}")
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "p50_ms": to_ms(percentiles["50"]),
        "p99_ms": to_ms(percentiles["99"]),
        "non_2xx": int(errors.group(1)) if errors else 0,
    }


def cache_state(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.headers.get("X-Warta-Cache", "none")


def main() -> None:
    if not shutil.which("wrk"):
        sys.exit("wrk not found: apt-get install wrk")
    with Stack() as stack:
        base, f = stack.base_url, stack.fixtures
        scenarios = {
            "home (cached)": base + f["home_url"],
            "home (uncached)": base + f["home_url"] + "?bench=uncached",
            "article, 200 comments (uncached)": base
            + f["article_url"]
            + "?bench=uncached",
            "article, 200 comments (cached)": base + f["article_url"],
            "minimal page (uncached)": base + f["minimal_url"] + "?bench=uncached",
            "minimal page (cached)": base + f["minimal_url"],
        }
        for url in scenarios.values():
            cache_state(url)  # fill the cache
        states = {name: cache_state(url) for name, url in scenarios.items()}
        results = {}
        for name, url in scenarios.items():
            wrk(url, 2)  # warm-up, not reported
            results[name] = {**wrk(url, SECONDS), "x_warta_cache": states[name]}
            r = results[name]
            print(
                f"{name:36} {r['rps']:9.1f} req/s  p50 {r['p50_ms']:7.2f} ms  "
                f"p99 {r['p99_ms']:7.2f} ms  non-2xx {r['non_2xx']}  "
                f"({r['x_warta_cache']})",
                flush=True,
            )
    uncached = results["article, 200 comments (uncached)"]["rps"]
    cached = results["article, 200 comments (cached)"]["rps"]
    minimal = results["minimal page (uncached)"]["rps"]
    ratios = {
        "cached_over_uncached_article": round(cached / uncached, 1),
        "uncached_article_over_minimal_page": round(uncached / minimal, 2),
    }
    print(
        f"cached / uncached article: {ratios['cached_over_uncached_article']}x "
        "(target >= 20x)"
    )
    print(
        "uncached article / minimal page: "
        f"{ratios['uncached_article_over_minimal_page']:.0%} (target >= 60%)"
    )
    print(
        json.dumps(
            {
                "machine": machine(),
                "workers": stack.workers,
                "connections": CONNECTIONS,
                "seconds": SECONDS,
                "results": results,
                "ratios": ratios,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
