"""Related articles are read once per change of the published site (news.related)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from news.models import Category
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db


def related_section(client, article) -> str:
    html = client.get(f"{article.url}?uji=tanpa-cache-halaman").content.decode()
    start = html.find('<section class="related"')
    return html[start : html.find("</section>", start)] if start >= 0 else ""


@pytest.fixture
def pasar(news_index):
    category = Category.objects.create(name="Ekonomi", slug="ekonomi")
    article = make_article(news_index, title="Pasar murah", categories=[category])
    other = make_article(news_index, title="Harga cabai turun", categories=[category])
    return article, other, category


def test_a_second_render_reads_the_related_articles_from_the_cache(client, pasar):
    from django.core.cache import cache

    article, _, _ = pasar
    url = f"{article.url}?uji=tanpa-cache-halaman"
    client.get(url)  # warm per-process caches (site root, content types)
    cache.clear()
    with CaptureQueriesContext(connection) as first:
        first_html = related_section(client, article)
    with CaptureQueriesContext(connection) as again:
        again_html = related_section(client, article)
    assert "Harga cabai turun" in again_html
    assert again_html == first_html
    # At least the related query, its view restrictions and the cards' categories.
    assert len(again) <= len(first) - 3


def test_an_article_published_later_joins_the_related_cards_at_once(
    client, pasar, news_index
):
    article, _, category = pasar
    assert "Bazar UMKM" not in related_section(client, article)
    make_article(news_index, title="Bazar UMKM", categories=[category])
    assert "Bazar UMKM" in related_section(client, article)


def test_an_unpublished_article_leaves_the_related_cards_at_once(client, pasar):
    article, other, _ = pasar
    assert "Harga cabai turun" in related_section(client, article)
    other.unpublish()
    assert "Harga cabai turun" not in related_section(client, article)


def test_a_card_shows_a_new_comment_count_at_once(client, pasar):
    article, other, _ = pasar
    assert "0 komentar" in related_section(client, article)
    make_comment(other, body="Alhamdulillah harga turun.")
    assert "1 komentar" in related_section(client, article)


def test_a_renamed_tag_shows_on_the_article_at_once(client, news_index):
    from taggit.models import Tag

    article = make_article(news_index, tags=["pasar"])
    url = f"{article.url}?uji=tanpa-cache-halaman"
    assert "#pasar" in client.get(url).content.decode()
    tag = Tag.objects.get(name="pasar")
    tag.name = "pasar-rakyat"
    tag.save()
    assert "#pasar-rakyat" in client.get(url).content.decode()


def test_a_preview_shows_the_draft_categories_not_the_cached_ones(pasar):
    from django.test import RequestFactory

    article, _, _ = pasar
    article.get_context(RequestFactory().get(article.url))  # fills the cache
    draft = Category.objects.create(name="Sosial", slug="sosial")
    article.categories = [draft]
    request = RequestFactory().get(article.url)
    request.is_preview = True
    assert article.get_context(request)["categories"] == [draft]
