"""Fixtures shared by every test folder."""

from __future__ import annotations

import pytest
from hypothesis import settings as hypothesis_settings
from hypothesis.configuration import set_hypothesis_home_dir

# Examples are not kept between runs (hypothesis would keep them in .hypothesis/
# in the working folder); its other caches go to the run's temporary folder.
hypothesis_settings.register_profile("warta", database=None)
hypothesis_settings.load_profile("warta")


@pytest.fixture(autouse=True, scope="session")
def _nothing_written_into_the_checkout(tmp_path_factory):
    """Uploads (MEDIA_ROOT) and hypothesis' caches go to the run's temporary
    folder, so a test run leaves the checkout as it found it."""
    from django.conf import settings

    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))
    set_hypothesis_home_dir(str(tmp_path_factory.mktemp("hypothesis")))


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
