"""A real varnishd with varnish/warta.vcl in front of a test's server."""

from __future__ import annotations

import contextlib
import http.client
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
MISSING = not Path(VARNISHD).exists()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_vcl(folder: Path, *apps: str) -> Path:
    """warta.vcl and a backends.vcl for ``apps`` (host:port) in ``folder``."""
    backends = subprocess.run(
        ["bash", "-c", 'source scripts/lib.sh; varnish_backends "$@"', "-"]
        + ["127.0.0.1", "127.0.0.1", "--", *apps],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    (folder / "backends.vcl").write_text(backends)
    shutil.copy(ROOT / "varnish" / "warta.vcl", folder / "warta.vcl")
    return folder / "warta.vcl"


def get(port: int, path: str, method: str = "GET", headers=None):
    """``(status, body, X-Cache)`` of one request to Varnish; status 0 on error."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request(method, path, headers={"Host": "warta.test", **(headers or {})})
        response = conn.getresponse()
        return response.status, response.read().decode(), response.getheader("X-Cache")
    except OSError:
        return 0, "", None
    finally:
        with contextlib.suppress(OSError):
            conn.close()


@contextlib.contextmanager
def varnish(folder: Path, *apps: str) -> Iterator[int]:
    """varnishd on a free port in front of ``apps``, once a probe passes."""
    vcl = write_vcl(folder, *apps)
    port = free_port()
    proc = subprocess.Popen(
        [VARNISHD, "-F", "-j", "none", "-n", str(folder / "n"), "-a"]
        + [f"127.0.0.1:{port}", "-f", str(vcl), "-p", f"vcl_path={folder}"]
        + ["-s", "malloc,16m"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while get(port, "/robots.txt", headers={"Host": "127.0.0.1"})[0] != 200:
            if time.monotonic() > deadline:
                raise RuntimeError("varnishd did not serve within 30 s")
            time.sleep(0.2)
        yield port
    finally:
        proc.terminate()
        proc.wait(10)
