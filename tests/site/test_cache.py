"""The shared page cache: served without the database, purged at once, per-reader
tokens, the no-JavaScript comment form working from a cached page."""

from __future__ import annotations

import re
import time

import pytest
from django.test import Client

from comments import services
from comments.models import Comment, Status
from tests.factories import make_comment

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def form_fields(html: str) -> dict:
    fields = {}
    for name in ("article", "timestamp", "nonce", "security_hash"):
        fields[name] = re.search(rf'name="{name}" value="([^"]*)"', html).group(1)
    return fields


def test_second_anonymous_visit_is_served_from_the_cache_without_queries(
    page_cache, article, client, django_assert_num_queries
):
    first = client.get(article.url)
    assert first.status_code == 200
    assert first["X-Warta-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = Client().get(article.url)
    assert second["X-Warta-Cache"] == "hit"
    assert article.title in second.content.decode()


def test_cached_pages_are_not_served_when_the_cache_is_off(article, client):
    client.get(article.url)
    assert "X-Warta-Cache" not in client.get(article.url)


def test_publishing_a_comment_shows_it_at_once_on_the_cached_article(
    page_cache, article, django_capture_on_commit_callbacks
):
    Client().get(article.url)
    assert Client().get(article.url)["X-Warta-Cache"] == "hit"
    comment = make_comment(article, status=Status.PENDING, body="Jalan rusak di Wara.")
    assert "Jalan rusak di Wara." not in Client().get(article.url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        services.publish(comment, moderator=None)

    response = Client().get(article.url)
    assert response["X-Warta-Cache"] == "miss"
    assert "Jalan rusak di Wara." in response.content.decode()


def test_unpublishing_a_comment_removes_it_and_updates_the_listing_counts(
    page_cache, article, news_index, django_capture_on_commit_callbacks
):
    index = news_index
    comment = make_comment(article, body="Komentar yang nanti ditolak.")
    Client().get(article.url)
    Client().get(index.url)
    assert "1 komentar" in Client().get(index.url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        services.reject(comment, moderator=None)

    assert "ditolak" not in Client().get(article.url).content.decode()
    listing = Client().get(index.url)
    assert listing["X-Warta-Cache"] == "miss"
    assert "1 komentar" not in listing.content.decode()


def test_publishing_an_article_purges_the_cached_listings(
    page_cache, home_page, news_index
):
    from tests.factories import make_article

    home, index = home_page, news_index
    Client().get(home.url)
    Client().get(index.url)
    assert Client().get(index.url)["X-Warta-Cache"] == "hit"

    make_article(index, title="Festival Danau Tempe Dibuka")

    for page in (home, index):
        response = Client().get(page.url)
        assert response["X-Warta-Cache"] == "miss"
        assert "Festival Danau Tempe Dibuka" in response.content.decode()


def test_purging_a_listing_also_purges_its_query_and_archive_variants(
    page_cache, news_index, article
):
    from warta_site.cache import SharedCacheBackend

    index = news_index
    archive = f"{index.url}arsip/{article.date.year}/{article.date.month}/"
    for url in (f"{index.url}?halaman=1", archive):
        Client().get(url)
        assert Client().get(url)["X-Warta-Cache"] == "hit"

    SharedCacheBackend({}).purge(f"http://localhost{index.url}")

    for url in (f"{index.url}?halaman=1", archive):
        assert Client().get(url)["X-Warta-Cache"] == "miss"


def test_two_anonymous_readers_get_different_csrf_tokens(page_cache, article):
    first, second = Client(), Client()
    first_html = first.get(article.url).content.decode()
    second_response = second.get(article.url)
    assert second_response["X-Warta-Cache"] == "hit"
    first_tokens = set(CSRF.findall(first_html))
    second_tokens = set(CSRF.findall(second_response.content.decode()))
    assert first_tokens and second_tokens
    assert not first_tokens & second_tokens
    # The hit set the reader's own CSRF cookie.
    assert second.cookies["csrftoken"].value != first.cookies["csrftoken"].value


def test_a_cached_page_signs_the_comment_form_at_the_readers_own_visit(
    page_cache, article, monkeypatch
):
    first = form_fields(Client().get(article.url).content.decode())
    later = time.time() + 30
    monkeypatch.setattr(time, "time", lambda: later)
    response = Client().get(article.url)
    assert response["X-Warta-Cache"] == "hit"
    fields = form_fields(response.content.decode())
    assert int(fields["timestamp"]) == int(later) != int(first["timestamp"])
    from comments.forms import CommentForm

    expected = CommentForm.sign(article.pk, int(fields["timestamp"]), fields["nonce"])
    assert fields["security_hash"] == expected


def test_a_comment_posted_without_javascript_from_a_cached_page_is_accepted(
    page_cache, article, ham_filter
):
    Client().get(article.url)
    reader = Client(enforce_csrf_checks=True)
    page = reader.get(article.url)
    assert page["X-Warta-Cache"] == "hit"
    html = page.content.decode()
    data = {
        **form_fields(html),
        "csrfmiddlewaretoken": CSRF.search(html).group(1),
        "name": "Andi",
        "email": "andi@example.id",
        "body": "Terima kasih, informasinya jelas.",
        "catatan": "",
    }
    response = reader.post("/komentar/kirim/", data, HTTP_USER_AGENT="Firefox")
    assert response.status_code == 302
    assert Comment.objects.filter(body="Terima kasih, informasinya jelas.").exists()


def test_the_moderation_message_is_shown_only_to_its_reader_and_never_cached(
    page_cache, article
):
    # The reader is told the comment is being checked (screening follows the
    # answer); no spam filter is active, so it is then held.
    reader = Client()
    reader.get(article.url)
    html = reader.get(article.url).content.decode()
    data = {**form_fields(html), "name": "Budi", "email": "budi@example.id"}
    data.update(body="Mohon info jadwal perekaman KTP.", catatan="")
    response = reader.post("/komentar/kirim/", data, follow=True)
    assert "sedang diperiksa" in response.content.decode()
    assert response.get("X-Warta-Cache") != "hit"

    other = Client().get(article.url)
    assert "sedang diperiksa" not in other.content.decode()


def test_logged_in_editors_always_get_a_fresh_page(page_cache, article, admin_client):
    Client().get(article.url)
    response = admin_client.get(article.url)
    assert "X-Warta-Cache" not in response


def test_unknown_query_parameters_bypass_the_cache(page_cache, article):
    Client().get(f"{article.url}?utm_source=wa")
    response = Client().get(f"{article.url}?utm_source=wa")
    assert "X-Warta-Cache" not in response


def test_an_entry_outliving_its_purge_is_never_served(page_cache, article):
    from warta_site.cache import purge_path

    Client().get(article.url)
    purge_path(article.url)
    assert Client().get(article.url)["X-Warta-Cache"] == "miss"


def test_while_a_purged_page_renders_again_other_readers_get_the_previous_copy(
    page_cache, article
):
    from django.core.cache import cache

    from warta_site.cache import entry_key, purge_path

    request = Client().get(article.url).wsgi_request
    purge_path(article.url)
    cache.add(f"{entry_key(request)}:rendering", 1)  # someone is rendering it
    waiting = Client().get(article.url)
    assert waiting["X-Warta-Cache"] == "stale"
    assert article.title in waiting.content.decode()


def test_while_the_database_is_down_readers_get_the_previous_copy(page_cache, article):
    from django.db import OperationalError, connection

    from warta_site.cache import purge_path

    Client().get(article.url)
    purge_path(article.url)  # a comment was published just before the outage

    def database_down(execute, sql, params, many, context):
        raise OperationalError("the database system is shutting down")

    with connection.execute_wrapper(database_down):
        response = Client().get(article.url)
        never_cached = Client().get(f"{article.url}?halaman=2")

    assert response.status_code == 200
    assert response["X-Warta-Cache"] == "stale"
    assert article.title in response.content.decode()
    assert never_cached.status_code == 503  # nothing to fall back on: coba lagi
