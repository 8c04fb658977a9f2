"""An article page costs the same number of queries however much it carries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from news.models import Category
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def _queries_for(client, url) -> int:
    client.get(url)  # warm per-process caches (site root, content types)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_article_page_query_count_does_not_grow_with_tags_categories_or_related(
    client, news_index
):
    categories = [
        Category.objects.create(name=f"Kategori {i}", slug=f"kategori-{i}")
        for i in range(4)
    ]
    small = make_article(news_index, tags=["a"], categories=categories[:1])
    big = make_article(
        news_index,
        paragraphs=[f"Paragraf {i}" for i in range(30)],
        tags=[f"tag-{i}" for i in range(12)],
        categories=categories,
    )
    for i in range(6):
        make_article(news_index, tags=[f"tag-{i}"], categories=categories[i % 4 :][:1])
    assert _queries_for(client, big.url) == _queries_for(client, small.url)


def test_news_index_query_count_does_not_grow_with_the_page_size(client, news_index):
    make_article(news_index)
    few = _queries_for(client, news_index.url)
    for _ in range(15):
        make_article(
            news_index,
            categories=[Category.objects.get_or_create(name="Umum", slug="umum")[0]],
        )
    assert _queries_for(client, news_index.url) == few
