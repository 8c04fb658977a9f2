"""The shared cache against a real Redis server (Debian's redis-server).

scripts/test installs redis-server; without it these tests are skipped locally.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time

import pytest

from warta_site.cache import ResilientRedisCache

pytestmark = pytest.mark.skipif(
    shutil.which("redis-server") is None, reason="redis-server is not installed"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_redis(port: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("redis-server did not start")


@pytest.fixture
def redis_port():
    port = free_port()
    proc = start_redis(port)
    yield port
    proc.terminate()
    proc.wait(10)


def test_one_redis_client_serves_every_call_of_a_process(redis_port):
    cache = ResilientRedisCache(f"redis://127.0.0.1:{redis_port}/0", {})
    cache.set("a", 1)
    cache.set_many({"b": 2, "c": 3})

    assert cache.get_many(["a", "b", "c"]) == {"a": 1, "b": 2, "c": 3}
    assert cache._cache.get_client() is cache._cache.get_client(write=True)


def test_the_cache_fails_open_while_redis_is_down_and_recovers_after(redis_port):
    cache = ResilientRedisCache(f"redis://127.0.0.1:{redis_port}/0", {})
    cache.RETRY_SECONDS = 0.0
    cache.set("before", "ok")
    subprocess.run(
        ["redis-cli", "-p", str(redis_port), "shutdown", "nosave"],
        check=False,
        capture_output=True,
    )
    time.sleep(0.3)

    assert cache.get("before") is None  # a miss, not an error
    assert cache.add("guard", 1) is True  # guards let the request through

    restarted = start_redis(redis_port)
    try:
        cache.set("after", "ok")
        assert cache.get("after") == "ok"
    finally:
        restarted.terminate()
        restarted.wait(10)
