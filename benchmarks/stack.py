"""The production stack on loopback, for the benchmarks: start it, use it, stop it.

``Stack`` starts a throwaway PostgreSQL cluster and a Redis server on free ports,
migrates, collects static files, loads the demo and the benchmark fixtures (an
article with 200 published comments and a minimal page), trains a quick spam
model when asked (``train=True``), and serves ``warta_site.wsgi`` with gunicorn
(``2 × CPUs + 1`` sync workers) and production settings, as ``scripts/production``
does, with ``SECURE_SSL_REDIRECT=false`` because there is no TLS on loopback.
Everything stops and is deleted when the ``with`` block ends.

Needs Debian's ``postgresql`` and ``redis-server`` (``scripts/production`` installs
them) and the project's virtualenv.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(os.environ.get("WARTA_VENV", ROOT / ".venv"))
PY = VENV / "bin" / "python"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pg_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not found:
        sys.exit("PostgreSQL not found: apt-get install postgresql")
    return found[-1].parent


def as_postgres(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def machine() -> dict:
    """What the figures were measured on."""
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem_kb = 0
    with contextlib.suppress(OSError, ValueError):
        first = Path("/proc/meminfo").read_text().splitlines()[0]
        mem_kb = int(first.split()[1])
    return {
        "cpus": os.cpu_count(),
        "cpu_model": cpu,
        "memory_gib": round(mem_kb / 1024 / 1024, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "load_average_at_start": os.getloadavg(),
    }


def load_fixtures(env: dict) -> dict:
    """Run fixtures.py in ``env`` (idempotent); returns its URLs and ids."""
    out = subprocess.run(
        [str(PY), str(Path(__file__).with_name("fixtures.py"))],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        capture_output=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


class Stack:
    """PostgreSQL + Redis + gunicorn on loopback; use as a context manager."""

    def __init__(
        self,
        *,
        workers: int | None = None,
        env: dict | None = None,
        train: bool = False,
    ):
        self.workers = workers or 2 * (os.cpu_count() or 1) + 1
        self.train = train
        self.extra_env = env or {}
        self.tmp = Path(tempfile.mkdtemp(prefix="warta-bench-"))
        self.pgdata = self.tmp / "pg"
        self.pg_port = free_port()
        self.redis_port = free_port()
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.access_log = self.tmp / "access.log"
        self.procs: dict[str, subprocess.Popen] = {}
        self.fixtures: dict = {}
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "warta_site.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(60),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": f"postgres://warta@127.0.0.1:{self.pg_port}/warta",
            "CACHE_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "SECURE_SSL_REDIRECT": "false",
            "WARTA_VAR_DIR": str(self.tmp / "var"),
            "WARTA_SPAMFILTER_MODEL_DIR": str(self.tmp / "var" / "spamfilter"),
            "LOG_LEVEL": "WARNING",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            **self.extra_env,
        }

    # PostgreSQL

    def pg_ctl(self, *args: str) -> None:
        subprocess.run(
            as_postgres([str(pg_bin() / "pg_ctl"), "-D", str(self.pgdata), *args]),
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def start_postgres(self) -> None:
        self.pg_ctl(
            "-l",
            str(self.pgdata / "server.log"),
            "-w",
            "-o",
            f"-p {self.pg_port} -k {self.pgdata} -c listen_addresses=127.0.0.1 "
            "-c max_connections=200",
            "start",
        )

    def stop_postgres(self) -> None:
        """Stop the server at once, disconnecting clients (``pg_ctl -m fast``)."""
        self.pg_ctl("-m", "fast", "-w", "stop")

    def _init_postgres(self) -> None:
        self.pgdata.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.tmp, "postgres")
            shutil.chown(self.pgdata, "postgres")
        subprocess.run(
            as_postgres(
                [
                    str(pg_bin() / "initdb"),
                    "-D",
                    str(self.pgdata),
                    "-U",
                    "warta",
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        self.start_postgres()
        self.pg_client("createdb", "warta")

    # Redis

    def start_redis(self) -> None:
        self.procs["redis"] = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--maxmemory",
                "256mb",
                "--maxmemory-policy",
                "allkeys-lru",
            ],
            stdout=subprocess.DEVNULL,
        )
        self._wait_for_port(self.redis_port)

    def stop_redis(self) -> None:
        proc = self.procs.pop("redis", None)
        if proc is not None:
            proc.terminate()
            proc.wait(10)

    # The site

    def manage(self, *args: str, **kwargs) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(PY), "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            text=True,
            **kwargs,
        )

    def _prepare_site(self) -> None:
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        self.manage("migrate", "--noinput", "-v0", **quiet)
        self.manage("collectstatic", "--noinput", "-v0", **quiet)
        self.manage("load_demo", **quiet)
        if self.train and self._has_command("train_spamfilter"):
            # A quick model (BENCH_TRAIN_LIMIT rows per corpus): scoring costs the
            # same per comment; only the filter's accuracy is lower.
            limit = os.environ.get("BENCH_TRAIN_LIMIT", "1500")
            print(f"Training a spam model ({limit} rows per corpus) ...", flush=True)
            self.manage("train_spamfilter", "--limit", limit, **quiet)
        self.fixtures = load_fixtures(self.env)

    def _has_command(self, name: str) -> bool:
        out = subprocess.run(
            [str(PY), "manage.py", "help", "--commands"],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
        )
        return name in out.stdout.split()

    def start_gunicorn(self) -> None:
        self.procs["gunicorn"] = subprocess.Popen(
            [
                str(VENV / "bin" / "gunicorn"),
                "warta_site.wsgi:application",
                "--workers",
                str(self.workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
                "--error-logfile",
                str(self.tmp / "gunicorn.log"),
                "--timeout",
                "30",
                # Method, path, status and the time in the worker (microseconds):
                # what the server spent, without the load generator's share.
                "--access-logfile",
                str(self.access_log),
                "--access-logformat",
                "%(m)s %(U)s %(s)s %(D)s",
            ],
            cwd=ROOT,
            env=self.env,
        )
        # Five workers booting on a machine busy with other work can take more
        # than a minute: STACK_START_SECONDS gives them longer.
        seconds = float(os.environ.get("STACK_START_SECONDS", "60"))
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                with urllib.request.urlopen(self.base_url + "/", timeout=5) as r:
                    if r.status == 200:
                        return
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer within {seconds:.0f} s")

    def _wait_for_port(self, port: int, seconds: float = 20) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", port), timeout=1),
            ):
                return
            time.sleep(0.1)
        raise RuntimeError(f"nothing listens on port {port}")

    def pg_client(self, tool: str, *args: str) -> str:
        """Run a PostgreSQL client tool against the stack's server as ``warta``."""
        out = subprocess.run(
            as_postgres(
                [
                    str(pg_bin() / tool),
                    *("-h", "127.0.0.1", "-p", str(self.pg_port), "-U", "warta"),
                    *args,
                ]
            ),
            check=True,
            capture_output=True,
            text=True,
        )
        return out.stdout.strip()

    def sql(self, query: str) -> str:
        """Run ``query`` with psql; returns its unaligned output."""
        return self.pg_client("psql", "-d", "warta", "-Atc", query)

    def server_ms(self, method: str, path: str) -> list[float]:
        """Worker time (ms) of every ``method path`` request served so far."""
        times = []
        with contextlib.suppress(OSError), self.access_log.open() as log:
            for line in log:
                parts = line.split()
                if len(parts) == 4 and parts[0] == method and parts[1] == path:
                    times.append(int(parts[3]) / 1000)
        return times

    # Lifecycle

    def __enter__(self) -> Stack:
        try:
            print(f"Starting the stack in {self.tmp} ...", flush=True)
            self._init_postgres()
            self.start_redis()
            self._prepare_site()
            self.start_gunicorn()
            print(
                f"Serving {self.base_url} with {self.workers} gunicorn workers",
                flush=True,
            )
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def stop(self) -> None:
        for name in ("gunicorn", "redis"):
            proc = self.procs.pop(name, None)
            if proc is not None and proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(15)
                except subprocess.TimeoutExpired:
                    proc.kill()
        with contextlib.suppress(Exception):
            self.pg_ctl("-m", "immediate", "stop")
        shutil.rmtree(self.tmp, ignore_errors=True)
