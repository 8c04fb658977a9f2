"""The Site is told where it is served: canonical, feed and purge URLs follow."""

from __future__ import annotations

import io

import feedparser
import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Site

from warta_site.site_url import host_and_port, set_default_site_url

ADDRESS = "http://127.0.0.1:8765"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("127.0.0.1:8765", ("127.0.0.1", 8765)),
        ("http://127.0.0.1:8765/", ("127.0.0.1", 8765)),
        ("https://warta.palopokota.go.id", ("warta.palopokota.go.id", 443)),
        ("http://warta.palopokota.go.id", ("warta.palopokota.go.id", 80)),
        ("localhost", ("localhost", 80)),
    ],
)
def test_an_address_gives_the_sites_hostname_and_port(url, expected):
    assert host_and_port(url) == expected


@pytest.mark.parametrize(
    "url", ["ftp://warta.go.id", "http://", "https://warta.go.id:80", "http://a:99999"]
)
def test_an_address_wagtail_cannot_hold_is_refused(url):
    with pytest.raises(ValueError):
        host_and_port(url)


@pytest.fixture
def served(demo_articles):
    set_default_site_url(ADDRESS)
    return demo_articles[0]


def test_the_canonical_link_and_og_url_name_the_served_address(client, served):
    html = client.get(served.url).content.decode()
    expected = f"{ADDRESS}{served.url}"
    assert f'<link rel="canonical" href="{expected}">' in html
    assert f'<meta property="og:url" content="{expected}">' in html
    assert "http://localhost/" not in html


def test_feed_items_link_to_the_served_address(client, served):
    feed = feedparser.parse(client.get("/feed/").content)
    links = {entry.link for entry in feed.entries}
    assert f"{ADDRESS}{served.url}" in links
    assert all(link.startswith(f"{ADDRESS}/") for link in links)


def test_publishing_purges_the_served_address(served, monkeypatch):
    from warta_site.cache import SharedCacheBackend

    purged: list[str] = []
    monkeypatch.setattr(
        SharedCacheBackend, "purge_batch", lambda self, urls: purged.extend(urls)
    )
    monkeypatch.setattr(
        SharedCacheBackend, "purge", lambda self, url: purged.append(url)
    )

    served.save_revision().publish()

    assert f"{ADDRESS}{served.url}" in purged
    assert all(url.startswith(f"{ADDRESS}/") for url in purged)


def test_set_site_url_takes_warta_site_url_and_runs_again_unchanged(
    demo_articles, settings
):
    settings.WARTA_SITE_URL = "https://warta.palopokota.go.id"
    out = io.StringIO()

    call_command("set_site_url", stdout=out)
    call_command("set_site_url", stdout=out)

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("warta.palopokota.go.id", 443)
    assert site.root_url == "https://warta.palopokota.go.id"
    assert "https://warta.palopokota.go.id/" in out.getvalue()


def test_set_site_url_without_an_address_changes_nothing(demo_articles, settings):
    settings.WARTA_SITE_URL = ""
    before = Site.objects.get(is_default_site=True)

    call_command("set_site_url", stdout=io.StringIO())

    after = Site.objects.get(is_default_site=True)
    assert (after.hostname, after.port) == (before.hostname, before.port)


def test_set_site_url_refuses_a_bad_address(demo_articles):
    with pytest.raises(CommandError, match="not a site address"):
        call_command("set_site_url", "ftp://warta.go.id", stdout=io.StringIO())
