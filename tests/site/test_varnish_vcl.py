"""varnish/warta.vcl in a real varnishd (Debian's, installed by scripts/test):
it compiles, caches anonymous pages, passes sessions and POSTs, and a PURGE
bans every variant of a page (query strings, a listing's sub-routes)."""

from __future__ import annotations

import contextlib
import http.client
import http.server
import itertools
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"

pytestmark = pytest.mark.skipif(
    not Path(VARNISHD).exists(), reason="varnishd missing: scripts/test installs it"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_vcl(folder: Path, *apps: str) -> Path:
    backends = subprocess.run(
        [
            "bash",
            "-c",
            'source scripts/lib.sh; varnish_backends "$@"',
            "-",
            "127.0.0.1",
            "127.0.0.1",
            "--",
            *apps,
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    (folder / "backends.vcl").write_text(backends)
    shutil.copy(ROOT / "varnish" / "warta.vcl", folder / "warta.vcl")
    return folder / "warta.vcl"


def test_the_vcl_compiles(tmp_path):
    vcl = write_vcl(tmp_path, "127.0.0.1:8001", "127.0.0.1:8002", "127.0.0.1:8003")
    compiled = subprocess.run(
        [
            VARNISHD,
            "-j",
            "none",
            "-C",
            "-f",
            str(vcl),
            "-p",
            f"vcl_path={tmp_path}",
            "-n",
            str(tmp_path / "n"),
        ],
        capture_output=True,
        text=True,
    )
    assert compiled.returncode == 0, compiled.stderr


class App(http.server.BaseHTTPRequestHandler):
    """An app server stand-in: numbers its responses, names their owner page."""

    counter = itertools.count(1)

    def _answer(self) -> None:
        body = f"render {next(self.counter)} {self.command} {self.path}".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        if self.path.startswith("/berita/?"):
            self.send_header("X-Warta-Owner", "/berita/")
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def varnish(tmp_path_factory):
    folder = tmp_path_factory.mktemp("varnish")
    app = http.server.ThreadingHTTPServer(("127.0.0.1", 0), App)
    threading.Thread(target=app.serve_forever, daemon=True).start()
    vcl = write_vcl(folder, f"127.0.0.1:{app.server_address[1]}")
    port = free_port()
    proc = subprocess.Popen(
        [
            VARNISHD,
            "-F",
            "-j",
            "none",
            "-n",
            str(folder / "n"),
            "-a",
            f"127.0.0.1:{port}",
            "-f",
            str(vcl),
            "-p",
            f"vcl_path={folder}",
            "-s",
            "malloc,16m",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while get(port, "/robots.txt")[0] != 200:
            assert time.monotonic() < deadline, "varnishd did not serve"
            time.sleep(0.2)
        yield port
    finally:
        proc.terminate()
        proc.wait(10)
        app.shutdown()


def get(port: int, path: str, method: str = "GET", headers=None):
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


def test_an_anonymous_page_is_served_from_the_cache(varnish):
    first = get(varnish, "/berita/satu/")
    assert get(varnish, "/berita/satu/") == (200, first[1], "hit")


def test_sessions_messages_posts_and_the_comment_endpoints_pass(varnish):
    get(varnish, "/berita/dua/")
    for path, method, headers in (
        ("/berita/dua/", "GET", {"Cookie": "__Host-sessionid=abc"}),
        ("/berita/dua/", "GET", {"Cookie": "messages=xyz"}),
        ("/komentar/kirim/", "POST", {"Content-Length": "0"}),
        ("/komentar/stempel/5/", "GET", {}),
        ("/berita/dua/?balas=3", "GET", {}),
        ("/admin/", "GET", {}),
    ):
        status, body, state = get(varnish, path, method, headers)
        assert (status, state) == (200, "pass"), path
        assert get(varnish, path, method, headers)[1] != body, path


def test_languages_are_cached_apart(varnish):
    indonesian = get(varnish, "/berita/tiga/")[1]
    english = get(varnish, "/berita/tiga/", headers={"Accept-Language": "en-US"})[1]
    assert indonesian != english
    cookie = {"Cookie": "django_language=en; csrftoken=x"}
    assert get(varnish, "/berita/tiga/", headers=cookie)[1] == english


def test_a_purge_bans_the_page_its_query_strings_and_sub_routes(varnish):
    pages = ["/berita/", "/berita/?halaman=2", "/berita/?kategori=pemerintahan"]
    before = [get(varnish, path)[1] for path in pages]
    article = get(varnish, "/berita/empat/")[1]
    assert [get(varnish, path)[2] for path in pages] == ["hit"] * 3

    assert get(varnish, "/berita/", "PURGE")[0] == 200

    after = [get(varnish, path) for path in pages]
    assert all(state == "miss" for _, _, state in after)
    assert [body for _, body, _ in after] != before
    assert get(varnish, "/berita/empat/") == (200, article, "hit")


def test_a_purge_for_another_host_leaves_this_one(varnish):
    kept = get(varnish, "/berita/lima/")[1]
    get(varnish, "/berita/lima/", "PURGE", {"Host": "other.test"})
    assert get(varnish, "/berita/lima/")[1:] == (kept, "hit")
