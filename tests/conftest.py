"""Fixtures shared by every test folder."""

from __future__ import annotations

import pytest
from hypothesis import settings as hypothesis_settings

# Examples are not kept between runs, so nothing is written into the checkout
# (hypothesis would keep them in .hypothesis/ in the working folder).
hypothesis_settings.register_profile("warta", database=None)
hypothesis_settings.load_profile("warta")


@pytest.fixture(autouse=True)
def _clean_cache():
    """Every test starts and ends with an empty cache (rate limits, page cache)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo_articles(db):
    """The three seed press releases, loaded as the demo loader does."""
    from news.demo import load_articles

    return load_articles()


@pytest.fixture
def home_page(demo_articles):
    from news.models import HomePage

    return HomePage.objects.get()


@pytest.fixture
def news_index(demo_articles):
    from news.models import NewsIndexPage

    return NewsIndexPage.objects.get()
