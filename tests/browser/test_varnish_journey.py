"""A reader comments on an article Varnish serves, with and without JavaScript.

A real varnishd (varnish/warta.vcl) in front of the live server: the article
comes from the cache with no token or stamp in it; with JavaScript the form
asks /komentar/stempel/ when the reader starts writing; without it the reader
follows "Tulis komentar" to the uncached form page. Both posts are accepted.
"""

from __future__ import annotations

import urllib.request
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser import test_comment_journey as journey
from tests.varnish_support import MISSING, varnish

# The reader journey's article and fake filter, and its way of filling the form.
commentable = journey.commentable
fill = journey.fill
send = journey.send

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(MISSING, reason="varnishd missing: scripts/test installs it"),
]


@pytest.fixture
def cached_site(settings, live_server, tmp_path, commentable):
    from warta_site.varnish import frontend_cache_backends

    with varnish(tmp_path, urlsplit(live_server.url).netloc) as port:
        url = f"http://127.0.0.1:{port}"
        settings.WARTA_VARNISH_URLS = [url]
        settings.WAGTAILFRONTENDCACHE = frontend_cache_backends([url])
        yield url


def x_cache(url: str) -> str:
    with urllib.request.urlopen(url) as response:
        return response.headers["X-Cache"]


def test_a_reader_with_javascript_comments_on_a_cached_article(
    browser,
    cached_site,
    commentable,
    screenshot,
):
    article, fake = commentable
    fake.probability = 0.6
    x_cache(cached_site + article.url)
    assert x_cache(cached_site + article.url) == "hit"
    context = browser.new_context(locale="id-ID", base_url=cached_site)
    page = context.new_page()
    try:
        page.goto(article.url)
        assert page.locator("#form-komentar").is_visible()
        assert not page.get_by_role("link", name="Tulis komentar").is_visible()
        fill(page, body="Apakah layanan keliling juga ke Kecamatan Wara?")
        # The stamp arrives from /komentar/stempel/ once the reader starts writing.
        expect(page.locator("input[name=security_hash]")).not_to_have_value("")
        screenshot(page, "form-filled-from-the-stamp")
        send(page, article)
        screenshot(page, "held-message")
    finally:
        context.close()


def test_a_reader_without_javascript_writes_on_the_form_page(
    browser,
    cached_site,
    commentable,
    screenshot,
):
    article, fake = commentable
    fake.probability = 0.6
    context = browser.new_context(
        locale="id-ID", base_url=cached_site, java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto(article.url)
        assert not page.locator("#form-komentar").is_visible()
        screenshot(page, "cached-article-with-a-link")
        page.get_by_role("link", name="Tulis komentar").click()
        page.wait_for_url(f"**/komentar/tulis/{article.pk}/#form-komentar")
        fill(page, body="Mohon jadwal pelayanan keliling diumumkan di kelurahan.")
        screenshot(page, "form-page")
        send(page, article)
        screenshot(page, "held-message")
    finally:
        context.close()
