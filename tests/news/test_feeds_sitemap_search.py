import feedparser
import pytest

from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/feed/", "/feed/atom/"])
def test_feed_is_valid_and_lists_the_latest_releases(client, demo_articles, url):
    response = client.get(url)
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    titles = [entry.title for entry in feed.entries]
    assert (
        titles[0] == "Pemkot Palopo Ikuti Forum Replikasi Inovasi Pelayanan Publik 2020"
    )
    assert len(titles) == 3
    assert all(entry.link.startswith("http") for entry in feed.entries)


def test_feed_never_contains_drafts(client, news_index):
    make_article(news_index, title="Draf belum terbit", live=False)
    assert b"Draf belum terbit" not in client.get("/feed/").content


def test_sitemap_lists_every_live_article_and_no_draft(
    client, news_index, demo_articles
):
    draft = make_article(news_index, title="Draf", live=False)
    xml = client.get("/sitemap.xml").content.decode()
    for article in demo_articles:
        assert article.full_url in xml
    assert draft.slug not in xml


@pytest.mark.parametrize(
    ("query", "expected_dateline"),
    [("jambore", "Makassar"), ("Bappeda", "Palopo"), ("KemenPAN-RB", "Bandung")],
)
def test_search_finds_seed_articles_by_indonesian_words(
    client, demo_articles, query, expected_dateline
):
    from news.models import ArticlePage

    expected = ArticlePage.objects.get(dateline=expected_dateline)
    html = client.get("/cari/", {"q": query}).content.decode()
    assert expected.title in html


def test_search_for_inovasi_finds_all_three_releases(client, demo_articles):
    html = client.get("/cari/", {"q": "inovasi"}).content.decode()
    assert "3 hasil" in html


def test_search_without_results_says_so_in_indonesian(client, demo_articles):
    html = client.get("/cari/", {"q": "zzzqqq"}).content.decode()
    assert "Tidak ada berita yang cocok" in html
