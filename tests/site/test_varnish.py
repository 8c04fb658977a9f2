"""Pages Varnish shares: nothing per reader in them, the form's values from an
uncached endpoint, the no-JavaScript form page, purges sent on publishing."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from comments import services
from comments.models import Comment, Status
from tests.factories import make_comment

pytestmark = pytest.mark.django_db

VARNISH = "http://127.0.0.1:6081"


@pytest.fixture
def purged(monkeypatch):
    """The URLs Wagtail's HTTPBackend sent a PURGE for."""
    from wagtail.contrib.frontend_cache.backends import HTTPBackend

    urls: list[str] = []
    monkeypatch.setattr(HTTPBackend, "purge", lambda self, url: urls.append(url))
    return urls


@pytest.fixture
def varnish(settings, purged):
    from warta_site.varnish import frontend_cache_backends

    settings.WARTA_VARNISH_URLS = [VARNISH]
    settings.WAGTAILFRONTENDCACHE = frontend_cache_backends([VARNISH])
    settings.WARTA_COMMENTS_MIN_FILL_SECONDS = 0
    return settings


def value(html: str, name: str) -> str | None:
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    return found.group(1) if found else None


def test_a_shared_article_carries_no_token_no_stamp_and_sets_no_cookie(
    varnish, article
):
    response = Client().get(article.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert not response.cookies
    assert value(html, "csrfmiddlewaretoken") == ""
    for name in ("timestamp", "nonce", "security_hash"):
        assert f'name="{name}"' in html and not value(html, name)
    assert value(html, "article") == str(article.pk)
    assert 'data-stamp-url="/komentar/stempel/' in html
    assert f'href="/komentar/tulis/{article.pk}/#form-komentar"' in html
    assert "js/reader-values.js" in html
    assert response["X-Warta-Owner"] == article.url


def test_two_readers_get_the_same_article_bytes(varnish, article):
    assert Client().get(article.url).content == Client().get(article.url).content


def test_a_listing_sub_route_names_its_page_as_owner(varnish, article, news_index):
    category = article.categories.first()
    response = Client().get(f"{news_index.url}?kategori={category.slug}")
    assert response["X-Warta-Owner"] == news_index.url


def test_without_varnish_pages_keep_their_tokens(article, client):
    html = client.get(article.url).content.decode()
    assert len(value(html, "csrfmiddlewaretoken")) == 64
    assert value(html, "timestamp")
    assert "data-stamp-url" not in html and "reader-values.js" not in html


def test_the_stamp_endpoint_gives_a_token_and_a_stamp_a_post_accepts(
    varnish, article, ham_filter
):
    reader = Client(enforce_csrf_checks=True)
    page = reader.get(article.url).content.decode()
    stamp = reader.get(f"/komentar/stempel/{article.pk}/")
    assert stamp["Cache-Control"].startswith("max-age=0")
    assert "no-store" in stamp["Cache-Control"]
    values = stamp.json()
    assert set(values) == {"csrfmiddlewaretoken", "timestamp", "nonce", "security_hash"}
    response = reader.post(
        "/komentar/kirim/",
        {
            "article": value(page, "article"),
            **values,
            "name": "Andi",
            "email": "andi@example.id",
            "body": "Terima kasih, jalan di Wara sudah diperbaiki.",
        },
    )
    assert response.status_code == 302
    assert Comment.objects.filter(body__startswith="Terima kasih, jalan").exists()


def test_the_form_page_without_javascript_renders_a_live_form_uncached(
    varnish, article, ham_filter
):
    reader = Client(enforce_csrf_checks=True)
    page = reader.get(f"/komentar/tulis/{article.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert page["X-Robots-Tag"] == "noindex"
    assert "data-stamp-url" not in html
    fields = {
        name: value(html, name)
        for name in ("csrfmiddlewaretoken", "article", "timestamp", "nonce")
    }
    fields["security_hash"] = value(html, "security_hash")
    assert all(fields.values())
    response = reader.post(
        "/komentar/kirim/",
        {**fields, "name": "Sri", "email": "sri@example.id", "body": "Mohon info."},
    )
    assert response.status_code == 302


def test_an_unknown_article_has_no_stamp(varnish, db):
    assert Client().get("/komentar/stempel/999999/").status_code == 404


def test_publishing_a_comment_purges_the_article_and_its_listings_from_varnish(
    varnish, purged, article, django_capture_on_commit_callbacks
):
    comment = make_comment(article, status=Status.PENDING, body="Lampu jalan mati.")
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(comment, moderator=None)
    paths = {url.split("://", 1)[1].split("/", 1)[1] for url in purged}
    assert article.url.strip("/") in {path.strip("/") for path in paths}
    assert "" in paths  # the home page lists it with its comment count


def test_unpublishing_an_article_purges_it_from_varnish(varnish, purged, article):
    article.unpublish()
    assert any(url.endswith(article.url) for url in purged)
