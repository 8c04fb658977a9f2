"""Comment submission under load: 50 concurrent commenters for 60 s, nothing lost.

Every commenter (a thread with its own address, sent as ``X-Real-IP`` which the
stack trusts through ``WARTA_COMMENTS_TRUSTED_PROXY_HEADER``) loops: fetch the
article as a browser does (CSRF cookie, signed form fields), take 3.2–6 s to
write (the form refuses anything faster than ``WARTA_COMMENTS_MIN_FILL_SECONDS``,
3 s), post a unique comment without following the redirect. The per-address
rate limit is raised for the run (``WARTA_COMMENTS_RATE_LIMIT``): a commenter
posts about a dozen times a minute here.

Reported: accepted (302), refused (4xx), 5xx, POST latency p50/p99 (the whole
submission: form checks, guards, save, spam screening, redirect), and the check
that the database holds exactly the accepted comments, each once.

Bounded by ``LOAD_SECONDS`` (default 60), ``LOAD_COMMENTERS`` (default 50) and
``LOAD_MAX_POSTS`` (default 5000).
"""

from __future__ import annotations

import collections
import http.client
import json
import os
import random
import re
import statistics
import threading
import time
from urllib.parse import urlencode

from stack import Stack, machine

SECONDS = float(os.environ.get("LOAD_SECONDS", "60"))
COMMENTERS = int(os.environ.get("LOAD_COMMENTERS", "50"))
MAX_POSTS = int(os.environ.get("LOAD_MAX_POSTS", "5000"))
THINK = (3.2, 6.0)
FIELD = re.compile(
    r'name="(csrfmiddlewaretoken|article|timestamp|nonce|security_hash)" '
    r'value="([^"]*)"'
)
PHRASES = (
    "Terima kasih infonya, sangat membantu warga.",
    "Mohon jadwal pelayanan keliling diumumkan di kelurahan.",
    "Semoga program ini berlanjut tahun depan.",
    "Apakah pendaftaran bisa dilakukan secara daring?",
    "Jalan menuju kantor kecamatan masih rusak, mohon diperbaiki.",
)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))
    return ordered[index]


def spread(values: list[float]) -> dict:
    return {
        "n": len(values),
        **{f"p{q}": round(percentile(values, q), 1) for q in (50, 90, 99)},
    }


class Client:
    """One commenter's browser: keeps its cookies, speaks plain HTTP/1.1."""

    def __init__(self, port: int, ip: str, timeout: float = 30):
        self.port = port
        self.ip = ip
        self.timeout = timeout
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        headers = {
            "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) warta-bench",
            "X-Real-IP": self.ip,
            "Referer": f"http://127.0.0.1:{self.port}{path}",
            "Accept-Language": "id",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                content = response.read().decode("utf-8", "replace")
            except (OSError, http.client.HTTPException) as error:
                return 0, {}, f"client error: {error}"
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key] = rest.split(";", 1)[0]
            self.cookies.pop("messages", None)  # a browser would show and drop it
            return response.status, dict(response.getheaders()), content
        finally:
            conn.close()


class Run:
    def __init__(self, stack: Stack):
        self.stack = stack
        self.lock = threading.Lock()
        self.deadline = time.monotonic() + SECONDS
        self.statuses: collections.Counter = collections.Counter()
        self.latencies: list[float] = []
        self.accepted_bodies: list[str] = []
        self.posts = 0
        self.get_errors = 0

    def take_ticket(self) -> bool:
        with self.lock:
            if self.posts >= MAX_POSTS or time.monotonic() >= self.deadline:
                return False
            self.posts += 1
            return True

    def commenter(self, n: int) -> None:
        rng = random.Random(n)
        client = Client(
            self.stack.port, f"10.{n // 250}.{n % 250}.{rng.randint(1, 250)}"
        )
        article = self.stack.fixtures["article_url"]
        seq = 0
        time.sleep(rng.uniform(0, THINK[1]))  # arrivals spread, not a stampede
        while time.monotonic() < self.deadline:
            status, _, html = client.request("GET", article)
            if status != 200:
                with self.lock:
                    self.get_errors += 1
                time.sleep(1)
                continue
            fields = dict(FIELD.findall(html))
            time.sleep(rng.uniform(*THINK))
            if not self.take_ticket():
                return
            seq += 1
            body = f"[{n}-{seq}] {rng.choice(PHRASES)} {rng.choice(PHRASES)}"
            data = {
                **fields,
                "name": f"Komentator {n}",
                "email": f"komentator{n}@example.id",
                "website": "",
                "body": body,
                "catatan": "",
            }
            started = time.perf_counter()
            status, headers, _ = client.request(
                "POST", "/komentar/kirim/", urlencode(data)
            )
            elapsed = (time.perf_counter() - started) * 1000
            with self.lock:
                self.statuses[status] += 1
                self.latencies.append(elapsed)
                if status == 302:
                    self.accepted_bodies.append(body)

    def go(self) -> None:
        threads = [
            threading.Thread(target=self.commenter, args=(n,), daemon=True)
            for n in range(COMMENTERS)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(SECONDS + 60)


def main() -> None:
    env = {
        "WARTA_COMMENTS_RATE_LIMIT": "100000",
        "WARTA_COMMENTS_TRUSTED_PROXY_HEADER": "HTTP_X_REAL_IP",
    }
    with Stack(env=env, train=True) as stack:
        article_id = stack.fixtures["article_id"]
        before = int(
            stack.sql(
                f"select count(*) from comments_comment where article_id={article_id}"
            )
        )
        run = Run(stack)
        started = time.monotonic()
        run.go()
        wall = time.monotonic() - started
        server_post = stack.server_ms("POST", "/komentar/kirim/")
        server_get = stack.server_ms("GET", stack.fixtures["article_url"])
        rows = stack.sql(
            "select body from comments_comment "
            f"where article_id={article_id} and body like '[%'"
        ).splitlines()
        statuses = dict(
            line.split("|")
            for line in stack.sql(
                "select status, count(*) from comments_comment "
                f"where article_id={article_id} and body like '[%' group by status"
            ).splitlines()
        )
        after = int(
            stack.sql(
                f"select count(*) from comments_comment where article_id={article_id}"
            )
        )
    accepted = run.statuses[302]
    counts = collections.Counter(rows)
    duplicated = sum(c - 1 for c in counts.values() if c > 1)
    lost = len(set(run.accepted_bodies) - set(rows))
    unexpected = len(set(rows) - set(run.accepted_bodies))
    five_xx = sum(v for k, v in run.statuses.items() if k >= 500)
    summary = {
        "commenters": COMMENTERS,
        "seconds": round(wall, 1),
        "posts": sum(run.statuses.values()),
        "responses": {str(k): v for k, v in sorted(run.statuses.items())},
        "accepted": accepted,
        "rows_added": after - before,
        "lost": lost,
        "duplicated": duplicated,
        "rows_without_accepted_response": unexpected,
        "five_xx": five_xx,
        "get_errors": run.get_errors,
        "post_rps": round(sum(run.statuses.values()) / wall, 1),
        "post_p50_ms": round(statistics.median(run.latencies), 1)
        if run.latencies
        else None,
        "post_p99_ms": round(percentile(run.latencies, 99), 1),
        "post_max_ms": round(max(run.latencies), 1) if run.latencies else None,
        # The same POSTs and the commenters' article GETs timed inside the worker.
        "server_post_ms": spread(server_post),
        "server_article_get_ms": spread(server_get),
        "comment_status": statuses,
    }
    print(
        f"{summary['posts']} posts by {COMMENTERS} commenters "
        f"in {summary['seconds']} s: {accepted} accepted, "
        f"rows added {summary['rows_added']}, lost {lost}, "
        f"duplicated {duplicated}, 5xx {five_xx}; "
        f"POST p50 {summary['post_p50_ms']} ms, "
        f"p99 {summary['post_p99_ms']} ms (target <= 100 ms)"
    )
    print(
        json.dumps(
            {"machine": machine(), "workers": stack.workers, **summary}, indent=2
        )
    )


if __name__ == "__main__":
    main()
