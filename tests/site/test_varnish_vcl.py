"""varnish/warta.vcl in a real varnishd (Debian's, installed by scripts/test):
it compiles, caches anonymous pages, passes sessions and POSTs, and a PURGE
bans every variant of a page (query strings, a listing's sub-routes)."""

from __future__ import annotations

import http.server
import itertools
import subprocess
import threading

import pytest

from tests.varnish_support import (
    MISSING,
    VARNISHD,
    free_port,
    get,
    varnish,
    write_vcl,
)

pytestmark = pytest.mark.skipif(
    MISSING, reason="varnishd missing: scripts/test installs it"
)


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
def cache(tmp_path_factory):
    app = http.server.ThreadingHTTPServer(("127.0.0.1", 0), App)
    threading.Thread(target=app.serve_forever, daemon=True).start()
    try:
        folder = tmp_path_factory.mktemp("varnish")
        with varnish(folder, f"127.0.0.1:{app.server_address[1]}") as port:
            yield port
    finally:
        app.shutdown()


def test_an_anonymous_page_is_served_from_the_cache(cache):
    first = get(cache, "/berita/satu/")
    assert get(cache, "/berita/satu/") == (200, first[1], "hit")


def test_sessions_messages_posts_and_the_comment_endpoints_pass(cache):
    get(cache, "/berita/dua/")
    for path, method, headers in (
        ("/berita/dua/", "GET", {"Cookie": "__Host-sessionid=abc"}),
        ("/berita/dua/", "GET", {"Cookie": "messages=xyz"}),
        ("/komentar/kirim/", "POST", {"Content-Length": "0"}),
        ("/komentar/stempel/5/", "GET", {}),
        ("/berita/dua/?balas=3", "GET", {}),
        ("/admin/", "GET", {}),
    ):
        status, body, state = get(cache, path, method, headers)
        assert (status, state) == (200, "pass"), path
        assert get(cache, path, method, headers)[1] != body, path


def test_languages_are_cached_apart(cache):
    indonesian = get(cache, "/berita/tiga/")[1]
    english = get(cache, "/berita/tiga/", headers={"Accept-Language": "en-US"})[1]
    assert indonesian != english
    cookie = {"Cookie": "django_language=en; csrftoken=x"}
    assert get(cache, "/berita/tiga/", headers=cookie)[1] == english


def test_a_purge_bans_the_page_its_query_strings_and_sub_routes(cache):
    pages = ["/berita/", "/berita/?halaman=2", "/berita/?kategori=pemerintahan"]
    before = [get(cache, path)[1] for path in pages]
    article = get(cache, "/berita/empat/")[1]
    assert [get(cache, path)[2] for path in pages] == ["hit"] * 3

    assert get(cache, "/berita/", "PURGE")[0] == 200

    after = [get(cache, path) for path in pages]
    assert all(state == "miss" for _, _, state in after)
    assert [body for _, body, _ in after] != before
    assert get(cache, "/berita/empat/") == (200, article, "hit")


def test_a_purge_for_another_host_leaves_this_one(cache):
    kept = get(cache, "/berita/lima/")[1]
    get(cache, "/berita/lima/", "PURGE", {"Host": "other.test"})
    assert get(cache, "/berita/lima/")[1:] == (kept, "hit")


def test_a_post_finding_its_app_server_dead_goes_to_the_next_one(tmp_path):
    app = http.server.ThreadingHTTPServer(("127.0.0.1", 0), App)
    threading.Thread(target=app.serve_forever, daemon=True).start()
    dead = f"127.0.0.1:{free_port()}"  # nothing listens: a killed app server
    try:
        with varnish(tmp_path, dead, f"127.0.0.1:{app.server_address[1]}") as port:
            form = {"Content-Length": "0"}
            statuses = [
                get(port, "/komentar/kirim/", "POST", form)[0] for _ in range(8)
            ]
            assert statuses == [200] * 8

            app.shutdown()
            app.server_close()
            status, body, _ = get(port, "/komentar/kirim/", "POST", form)
            assert status == 503
            assert "Maaf, server sedang sibuk. Silakan coba lagi." in body
    finally:
        app.server_close()
