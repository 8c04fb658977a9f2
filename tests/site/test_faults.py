"""Faults: the database, the cache, the disk or the spam model failing must never
lose a comment that was accepted, nor leave half of one behind."""

from __future__ import annotations

import errno
import re
import socket
import sys

import pytest
from django.db import connection
from django.db.utils import InterfaceError, OperationalError
from django.test import Client

from comments.models import Comment, ModerationEvent, Status
from tests.factories import comment_form_data

pytestmark = pytest.mark.django_db

TEXT = "Lampu jalan di Jl. Andi Djemma mati\nsejak seminggu. <Mohon> dicek."


def failing_on(*tables: str, error=OperationalError):
    """An execute wrapper: statements touching ``tables`` fail like a dead server."""

    def wrapper(execute, sql, params, many, context):
        if not tables or any(table in sql for table in tables):
            raise error("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    return wrapper


def post_comment(article, **fields):
    data = comment_form_data(article, **{"body": TEXT, **fields})
    return Client().post("/komentar/kirim/", data, HTTP_USER_AGENT="Firefox"), data


def test_a_database_failure_while_saving_a_comment_shows_coba_lagi_with_the_text_kept(
    article, ham_filter
):
    with connection.execute_wrapper(failing_on("comments_comment")):
        response, data = post_comment(article)
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "Maaf, server sedang sibuk. Silakan coba lagi." in html
    textareas = re.findall(r"<textarea[^>]*>(.*?)</textarea>", html, re.S)
    kept = "Lampu jalan di Jl. Andi Djemma mati\nsejak seminggu. &lt;Mohon&gt; dicek."
    assert kept in textareas
    assert f'name="security_hash" value="{data["security_hash"]}"' in html
    assert "csrfmiddlewaretoken" in html
    assert not Comment.objects.exists()


def test_a_failure_halfway_through_the_save_leaves_no_partial_rows(article, ham_filter):
    # The comment row is written, then its audit row fails: both roll back.
    with connection.execute_wrapper(failing_on("comments_moderationevent")):
        response, _ = post_comment(article)
    assert response.status_code == 503
    assert not Comment.objects.exists()
    assert not ModerationEvent.objects.exists()


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_any_database_connection_error_in_any_view_gets_the_retry_page(article, error):
    with connection.execute_wrapper(failing_on(error=error)):
        response = Client().get(article.url)
    assert response.status_code == 503
    assert "Silakan coba lagi" in response.content.decode()


def test_sending_the_kept_text_again_once_the_database_is_back_saves_it_once(
    article, ham_filter
):
    # Reads work, the write fails (a full disk, or the server dying mid-request):
    # the duplicate guard must not refuse the reader's second try.
    with connection.execute_wrapper(failing_on("INSERT INTO")):
        response, data = post_comment(article)
    html = response.content.decode()
    kept = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))
    kept.update(
        re.findall(r'<textarea[^>]*name="(\w+)"[^>]*>(.*?)</textarea>', html, re.S)
    )
    kept["body"] = kept["body"].replace("&lt;", "<").replace("&gt;", ">")
    again = Client().post("/komentar/kirim/", kept, HTTP_USER_AGENT="Firefox")
    assert again.status_code == 302
    assert list(Comment.objects.values_list("body", flat=True)) == [TEXT]


def test_passwords_are_never_echoed_on_the_retry_page(db):
    with connection.execute_wrapper(failing_on()):
        response = Client().post(
            "/admin/login/", {"username": "humas", "password": "rahasia-sekali"}
        )
    html = response.content.decode()
    assert response.status_code == 503
    assert "rahasia-sekali" not in html
    assert "humas" in html


def test_a_full_disk_under_the_database_gives_the_reader_coba_lagi(article, ham_filter):
    def disk_full(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE")):
            raise OperationalError(
                'could not extend file "base/16384/24601": No space left on device'
            )
        return execute(sql, params, many, context)

    with connection.execute_wrapper(disk_full):
        response, _ = post_comment(article)
    assert response.status_code == 503
    assert "Lampu jalan" in response.content.decode()
    assert not Comment.objects.exists()


def test_a_full_disk_for_logs_does_not_lose_an_accepted_comment(
    article, monkeypatch, settings
):
    settings.WARTA_COMMENTS_SCREENING_TIMEOUT = 0

    def no_space(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    def broken_filter(text, **kwargs):
        raise RuntimeError("model gone")

    monkeypatch.setattr("spamfilter.score", broken_filter, raising=False)
    monkeypatch.setattr(sys.stderr, "write", no_space)
    response, _ = post_comment(article)
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.status == Status.PENDING
    assert "filter_error" in comment.reasons


@pytest.mark.parametrize(
    "failure",
    [
        FileNotFoundError("active model file is missing"),
        ValueError("corrupt skops file: bad zip"),
    ],
    ids=["missing", "corrupt"],
)
def test_a_missing_or_corrupt_model_holds_the_comment_for_moderation(
    article, monkeypatch, failure
):
    def unavailable(text, **kwargs):
        raise failure

    monkeypatch.setattr("spamfilter.score", unavailable, raising=False)
    response, _ = post_comment(article)
    assert response.status_code == 302
    follow = Client().get(response["Location"])
    assert follow.status_code == 200
    comment = Comment.objects.get()
    assert comment.body == TEXT
    assert comment.status == Status.PENDING
    assert "filter_error" in comment.reasons


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def dead_redis(settings):
    """The shared cache pointing at a Redis that is not running."""
    from warta_site.settings.env import cache_from_url

    settings.CACHES = {
        "default": cache_from_url(f"redis://127.0.0.1:{closed_port()}/0")
    }
    settings.WARTA_PAGE_CACHE = True


def test_a_cache_outage_does_not_lose_or_refuse_accepted_comments(
    article, ham_filter, dead_redis, caplog, settings
):
    # Three copies of one text from three names would be held as a campaign
    # (comments.campaigns); this test is about the cache.
    settings.WARTA_COMMENTS_CAMPAIGNS = False
    for n in range(3):
        response, _ = post_comment(article, name=f"Warga {n}", body=f"{TEXT} {n}")
        assert response.status_code == 302
    assert Comment.objects.count() == 3
    assert Comment.objects.filter(status=Status.PUBLISHED).count() == 3
    assert "Cache unavailable" in caplog.text


def test_pages_are_still_served_during_a_cache_outage(article, dead_redis):
    response = Client().get(article.url)
    assert response.status_code == 200
    assert article.title in response.content.decode()
