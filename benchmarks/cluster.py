"""Warta past one machine (``scripts/cluster``), one run, four figures.

1. **Cached article**: wrk on the article through Varnish, then on one app
   server with the in-app page cache (``WARTA_PAGE_CACHE``, production's
   single-host default: ``2 × CPUs + 1`` workers), same connections, same
   duration; requests per second and non-2xx of each, and their ratio.
2. **Commenters with a host killed**: ``CLUSTER_COMMENTERS`` (150) readers for
   ``CLUSTER_SECONDS`` (60) through Varnish, spread by its director over three
   app servers: each fetches the cached article, its form's values from
   ``/komentar/stempel/`` (as reader-values.js does), thinks 3.2–6 s and posts.
   A third into the run one app server is SIGKILLed (master and workers, as a
   host dies); ``scripts/cluster`` starts it again 2 s later. Reported: posts,
   accepted, rows, lost, duplicated, 5xx, "coba lagi" pages (and whether they
   kept the reader's text), and when the killed server answered again.
3. **Publish to visible**: 100 times a moderator publishes a held comment
   (``comments.services.publish``, which purges through Wagtail's HTTPBackend)
   and an anonymous reader polls the article through Varnish until the comment
   shows; p50/p99/max of those delays.
4. **A model trained by the task worker**: ``retrain_filter`` enqueued
   (``activate="always"``); the task worker trains and activates it; then each
   app server (asked directly, with its own ``WARTA_VAR_DIR``: no shared disk)
   scores comments until one carries the new version; seconds from activation.

Usage: ``.venv/bin/python benchmarks/cluster.py`` (needs varnish, wrk,
postgresql and redis-server; scripts/cluster installs the first three).
"""

from __future__ import annotations

import collections
import contextlib
import html
import json
import os
import re
import signal
import subprocess
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from comment_load import PHRASES, Client, percentile
from stack import (
    PY,
    ROOT,
    VENV,
    as_postgres,
    free_port,
    load_fixtures,
    machine,
    pg_bin,
)

SECONDS = float(os.environ.get("CLUSTER_SECONDS", "60"))
COMMENTERS = int(os.environ.get("CLUSTER_COMMENTERS", "150"))
WRK_SECONDS = int(os.environ.get("CLUSTER_WRK_SECONDS", "10"))
WRK_CONNECTIONS = int(os.environ.get("CLUSTER_WRK_CONNECTIONS", "50"))
PUBLISHES = int(os.environ.get("CLUSTER_PUBLISHES", "100"))
THINK = (3.2, 6.0)
REQUESTS = re.compile(r"Requests/sec:\s+([\d.]+)")
NON_2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
TOTAL = re.compile(r"(\d+) requests in")
ERRORS = re.compile(r'<p id="[^"]*_error" class="error">([^<]*)<|<li>([^<]*)</li>')


class Cluster:
    """``scripts/cluster`` in a temporary folder; stopped when the block ends."""

    def __init__(self, env: dict):
        self.dir = Path(tempfile.mkdtemp(prefix="warta-cluster-bench-"))
        self.port = free_port()
        self.env = {
            **os.environ,
            "WARTA_CLUSTER_DIR": str(self.dir),
            "WARTA_CLUSTER_PORT": str(self.port),
            "WARTA_WORKERS": os.environ.get("CLUSTER_APP_WORKERS", "3"),
            "SECRET_KEY": "bench-" + os.urandom(24).hex(),
            **env,
        }
        self.proc: subprocess.Popen | None = None
        self.info: dict = {}

    def __enter__(self) -> Cluster:
        try:
            return self._start()
        except BaseException:
            self.__exit__()
            raise

    def _start(self) -> Cluster:
        print(f"Starting scripts/cluster in {self.dir} ...", flush=True)
        self.proc = subprocess.Popen(
            ["bash", str(ROOT / "scripts" / "cluster")],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        for line in self.proc.stdout:
            if "Ctrl-C stops everything" in line:
                break
            if "Error" in line or "error:" in line:
                print(line, end="", flush=True)
        else:
            raise RuntimeError("scripts/cluster stopped before it served")
        threading.Thread(target=self.proc.stdout.read, daemon=True).start()
        for line in (self.dir / "cluster.env").read_text().splitlines():
            key, _, value = line.partition("=")
            self.info[key] = value
        self.apps = self.info["APPS"].split()
        self.env.update(
            DJANGO_SETTINGS_MODULE="warta_site.settings.production",
            DATABASE_URL=self.info["DATABASE_URL"],
            CACHE_URL=self.info["CACHE_URL"],
            WARTA_VARNISH_URLS=self.info["VARNISH"],
            WARTA_SITE_URL=self.info["VARNISH"],
            WARTA_VAR_DIR=str(self.dir / "bench"),
            ALLOWED_HOSTS="127.0.0.1,localhost",
            SECURE_SSL_REDIRECT="false",
        )
        return self

    def __exit__(self, *exc) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
        subprocess.run(["rm", "-rf", str(self.dir)], check=False)

    def python(self, code: str) -> str:
        """Run ``code`` in ``manage.py shell`` with the cluster's settings;
        returns its output."""
        out = subprocess.run(
            [str(PY), "manage.py", "shell", "-v0", "-c", code],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
        )
        if out.returncode:
            raise RuntimeError(out.stderr[-3000:])
        return out.stdout.strip()

    def sql(self, query: str) -> str:
        return self.python(
            "from django.db import connection\n"
            "with connection.cursor() as c:\n"
            f"    c.execute({query!r}); print('\\n'.join('|'.join(map(str, r)) "
            "for r in c.fetchall()) if c.description else '')"
        )

    def psql(self, query: str) -> str:
        """``query`` through psql (fast: no Django start-up)."""
        url = urlsplit(self.info["DATABASE_URL"])
        return subprocess.run(
            as_postgres(
                [str(pg_bin() / "psql"), "-h", url.hostname, "-p", str(url.port)]
                + ["-U", "warta", "-d", "warta", "-Atc", query]
            ),
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()

    def app_pids(self, n: int) -> list[int]:
        """The gunicorn master of app server ``n`` and its workers."""
        master = int((self.dir / f"app{n}.pid").read_text())
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        return [master, *map(int, children)]


def wrk(url: str) -> dict:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{WRK_CONNECTIONS}", f"-d{WRK_SECONDS}s", url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    non_2xx = NON_2XX.search(out)
    return {
        "requests_per_second": float(REQUESTS.search(out).group(1)),
        "requests": int(TOTAL.search(out).group(1)),
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "load_average": os.getloadavg()[0],
    }


def cached_article(cluster: Cluster, article_url: str) -> dict:
    varnish = cluster.info["VARNISH"] + article_url
    urllib.request.urlopen(varnish).read()
    through_varnish = wrk(varnish)
    # The single-host default beside it: one app server, in-app page cache on.
    port = free_port()
    env = {
        **cluster.env,
        "WARTA_PAGE_CACHE": "true",
        "WARTA_VAR_DIR": str(cluster.dir / "single"),
    }
    subprocess.run(
        [str(PY), "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    workers = 2 * (os.cpu_count() or 1) + 1
    single = subprocess.Popen(
        [
            str(VENV / "bin" / "gunicorn"),
            "warta_site.wsgi:application",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "--no-control-socket",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        direct = f"http://127.0.0.1:{port}{article_url}"
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(OSError):
                urllib.request.urlopen(direct).read()
                urllib.request.urlopen(direct).read()
                break
            if time.monotonic() > deadline:
                raise RuntimeError("the single app server did not answer")
            time.sleep(0.5)
        in_app = wrk(direct)
    finally:
        single.terminate()
        single.wait(30)
    return {
        "varnish": through_varnish,
        "in_app_page_cache": {**in_app, "workers": workers},
        "ratio": round(
            through_varnish["requests_per_second"] / in_app["requests_per_second"], 1
        ),
        "connections": WRK_CONNECTIONS,
        "seconds": WRK_SECONDS,
    }


class Commenters:
    def __init__(self, cluster: Cluster, article_url: str, article_id: int):
        self.cluster = cluster
        self.port = int(cluster.info["VARNISH"].rsplit(":", 1)[1])
        self.article_url = article_url
        self.article_id = article_id
        self.lock = threading.Lock()
        self.statuses: collections.Counter = collections.Counter()
        self.accepted: list[str] = []
        self.coba_lagi = 0
        self.coba_lagi_kept = 0
        self.get_errors = 0
        self.refusals: list[str] = []
        self.deadline = time.monotonic() + SECONDS

    def commenter(self, n: int) -> None:
        import random

        rng = random.Random(n)
        # Varnish waits up to 60 s for a first byte (first_byte_timeout): a
        # reader who gives up earlier would count as a failure of the cluster.
        client = Client(self.port, f"10.{n // 250}.{n % 250}.1", timeout=90)
        seq = 0
        time.sleep(rng.uniform(0, THINK[1]))
        while time.monotonic() < self.deadline:
            status, _, page = client.request("GET", self.article_url)
            stamp_status, _, stamp = client.request(
                "GET", f"/komentar/stempel/{self.article_id}/"
            )
            if status != 200 or stamp_status != 200:
                with self.lock:
                    self.get_errors += 1
                time.sleep(1)
                continue
            time.sleep(rng.uniform(*THINK))
            if time.monotonic() >= self.deadline:
                return
            seq += 1
            body = f"[{n}-{seq}] {rng.choice(PHRASES)} {rng.choice(PHRASES)}"
            data = {
                **json.loads(stamp),
                "article": str(self.article_id),
                "name": f"Komentator {n}",
                "email": f"komentator{n}@example.id",
                "website": "",
                "body": body,
                "catatan": "",
            }
            status, _, text = client.request(
                "POST", "/komentar/kirim/", urlencode(data)
            )
            with self.lock:
                self.statuses[status] += 1
                if status == 302:
                    self.accepted.append(body)
                elif status < 500 and len(self.refusals) < 5:
                    errors = " ".join("".join(e) for e in ERRORS.findall(text))
                    self.refusals.append(f"{status}: {errors[:200]}")
                if status >= 500 and "coba lagi" in text.lower():
                    self.coba_lagi += 1
                    if html.escape(body, quote=False) in text:
                        self.coba_lagi_kept += 1

    def go(self, kill_at: float) -> dict:
        threads = [
            threading.Thread(target=self.commenter, args=(n,), daemon=True)
            for n in range(COMMENTERS)
        ]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        time.sleep(kill_at)
        pids = self.cluster.app_pids(2)
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        killed_at = time.monotonic()
        print(f"app server 2 SIGKILLed (pids {pids})", flush=True)
        back = None
        address = self.cluster.apps[1]
        while back is None and time.monotonic() < self.deadline + 30:
            with contextlib.suppress(OSError):
                urllib.request.urlopen(f"http://{address}/robots.txt", timeout=2)
                back = round(time.monotonic() - killed_at, 1)
            time.sleep(0.2)
        for thread in threads:
            thread.join(SECONDS + 60)
        return {
            "killed_after_s": round(killed_at - started, 1),
            "answered_again_after_s": back,
        }


def comment_run(cluster: Cluster, article_url: str, article_id: int) -> dict:
    run = Commenters(cluster, article_url, article_id)
    before = int(
        cluster.sql(
            f"select count(*) from comments_comment where article_id={article_id}"
        )
    )
    kill = run.go(kill_at=SECONDS / 3)
    rows = cluster.sql(
        f"select body from comments_comment where article_id={article_id} "
        "and body like '[%'"
    ).splitlines()
    after = int(
        cluster.sql(
            f"select count(*) from comments_comment where article_id={article_id}"
        )
    )
    counts = collections.Counter(rows)
    posts = sum(run.statuses.values())
    return {
        "commenters": COMMENTERS,
        "seconds": SECONDS,
        "posts": posts,
        "responses": {str(k): v for k, v in sorted(run.statuses.items())},
        "accepted": len(run.accepted),
        "rows_added": after - before,
        "lost": len(set(run.accepted) - set(rows)),
        "duplicated": sum(c - 1 for c in counts.values() if c > 1),
        "rows_without_accepted_response": len(set(rows) - set(run.accepted)),
        "five_xx": sum(v for k, v in run.statuses.items() if k >= 500),
        "coba_lagi_pages": run.coba_lagi,
        "coba_lagi_with_text_kept": run.coba_lagi_kept,
        "get_errors": run.get_errors,
        "refusals": run.refusals,
        **kill,
        "load_average": os.getloadavg()[0],
    }


PUBLISH = """
import json, time, urllib.request
from django.utils import timezone
from comments import services
from comments.models import Comment, Status
from news.models import ArticlePage
article = ArticlePage.objects.get(pk={article_id})
published = Comment.objects.filter(
    article=article, status=Status.PUBLISHED, parent__isnull=True
)
delays = []
for n in range({publishes}):
    body = f"Terbit-{{n}}-{{time.time_ns()}} jalan di Wara sudah diperbaiki."
    comment = Comment.objects.create(
        article=article, name="Warga", email="warga@example.id", body=body,
        status=Status.PENDING, submitted_at=timezone.now(),
        fingerprint=f"bench-publish-{{time.time_ns()}}",
    )
    # Oldest first, 20 a page: the page it will be on, cached without it.
    page = published.count() // 20 + 1
    url = "{varnish}" + article.url + (f"?komentar={{page}}" if page > 1 else "")
    urllib.request.urlopen(url).read()
    urllib.request.urlopen(url).read()
    started = time.perf_counter()
    services.publish(comment, moderator=None)
    while body not in urllib.request.urlopen(url).read().decode():
        if time.perf_counter() - started > 30:
            break
        time.sleep(0.005)
    delays.append((time.perf_counter() - started) * 1000)
print(json.dumps(delays))
"""


def publish_to_visible(cluster: Cluster, article_id: int) -> dict:
    code = PUBLISH.format(
        article_id=article_id, varnish=cluster.info["VARNISH"], publishes=PUBLISHES
    )
    delays = json.loads(cluster.python(code).splitlines()[-1])
    return {
        "publishes": len(delays),
        "p50_ms": round(percentile(delays, 50), 1),
        "p99_ms": round(percentile(delays, 99), 1),
        "max_ms": round(max(delays), 1),
        "load_average": os.getloadavg()[0],
    }


def model_everywhere(cluster: Cluster, article_id: int) -> dict:
    """From the activation (``activated_at``) to the first comment each app
    server scored with the new version (its ``submitted_at``). Every app server
    gets a comment every 0.3 s from when the activation is seen; the forms are
    fetched while the worker trains (a form is refused if sent within
    WARTA_COMMENTS_MIN_FILL_SECONDS of its stamp)."""
    active = "select version from spamfilter_modelversion where is_active"
    old = cluster.psql(active)
    cluster.python(
        "from comments.learning import retrain_filter; "
        "retrain_filter.enqueue(activate='always')"
    )
    print("retraining in the task worker ...", flush=True)
    clients = {
        app: Client(int(app.rsplit(":", 1)[1]), "10.200.0.1") for app in cluster.apps
    }
    stamps: dict[str, list[dict]] = {app: [] for app in clients}
    for app, client in clients.items():
        for _ in range(60):
            status, _, stamp = client.request("GET", f"/komentar/stempel/{article_id}/")
            if status == 200:
                stamps[app].append(json.loads(stamp))
    deadline = time.monotonic() + 900
    while cluster.psql(active) == old:
        if time.monotonic() > deadline:
            raise RuntimeError("the task worker did not activate a model")
        time.sleep(0.2)
    until = time.monotonic() + 15
    while time.monotonic() < until and all(stamps.values()):
        for app, client in clients.items():
            body = f"Model-{app}-{time.time_ns()} terima kasih atas informasinya."
            data = {
                **stamps[app].pop(),
                "article": str(article_id),
                "name": "Uji Model",
                "email": "model@example.id",
                "body": body,
                "catatan": "",
            }
            client.request("POST", "/komentar/kirim/", urlencode(data))
        time.sleep(0.3)
    rows = cluster.psql(
        "select split_part(c.body, '-', 2), c.model_version = v.version, "
        "extract(epoch from c.submitted_at - v.activated_at) "
        "from comments_comment c, spamfilter_modelversion v "
        "where v.is_active and c.body like 'Model-%' order by c.submitted_at"
    ).splitlines()
    first_new: dict[str, float | None] = dict.fromkeys(clients)
    old_after: dict[str, int] = dict.fromkeys(clients, 0)
    for row in rows:
        app, is_new, seconds = row.split("|")
        if is_new == "t" and first_new[app] is None:
            first_new[app] = round(float(seconds), 2)
        elif is_new == "f" and first_new[app] is None:
            old_after[app] += 1
    local_copies = {
        app: sorted(p.name for p in (cluster.dir / f"app{n}" / "spamfilter").glob("*"))
        for n, app in enumerate(cluster.apps, start=1)
    }
    return {
        "old_version": old,
        "new_version": cluster.psql(active),
        "first_comment_with_new_version_s_after_activation": first_new,
        "comments_still_on_old_version_before_it": old_after,
        "local_copies": local_copies,
    }


def main() -> None:
    env = {
        "WARTA_COMMENTS_RATE_LIMIT": "100000",
        "WARTA_COMMENTS_MIN_FILL_SECONDS": "3",
        "WARTA_SPAMFILTER_RETRAIN_OPTIONS": json.dumps(
            {"limit": int(os.environ.get("BENCH_TRAIN_LIMIT", "500"))}
        ),
        "BENCH_TRAIN_LIMIT": os.environ.get("BENCH_TRAIN_LIMIT", "500"),
    }
    report: dict = {"machine": machine()}
    with Cluster(env) as cluster:
        fixtures = load_fixtures(cluster.env)
        article_url, article_id = fixtures["article_url"], fixtures["article_id"]
        print("1. cached article: Varnish vs in-app page cache (wrk) ...", flush=True)
        report["cached_article"] = cached_article(cluster, article_url)
        print(json.dumps(report["cached_article"]), flush=True)
        print(f"2. {COMMENTERS} commenters, one app server killed ...", flush=True)
        report["commenters"] = comment_run(cluster, article_url, article_id)
        print(json.dumps(report["commenters"]), flush=True)
        print(f"3. {PUBLISHES} publishes through Varnish ...", flush=True)
        report["publish_to_visible"] = publish_to_visible(cluster, article_id)
        print(json.dumps(report["publish_to_visible"]), flush=True)
        print("4. a model trained by the task worker ...", flush=True)
        report["model"] = model_everywhere(cluster, article_id)
    report["load_average_at_end"] = os.getloadavg()
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
