"""Fixtures shared by every test folder."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings
from hypothesis.configuration import set_hypothesis_home_dir

# Examples are not kept between runs, and hypothesis' caches (which it writes from
# collection on, into .hypothesis/ in the working folder) live outside the checkout.
hypothesis_settings.register_profile("warta", database=None)
hypothesis_settings.load_profile("warta")
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "warta-hypothesis")


@pytest.fixture(autouse=True, scope="session")
def _nothing_written_into_the_checkout(tmp_path_factory):
    """Uploads (MEDIA_ROOT) go to the run's temporary folder, so a test run
    leaves the checkout as it found it."""
    from django.conf import settings

    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))


@pytest.fixture(autouse=True)
def _clean_cache():
    """Every test starts and ends with an empty cache (rate limits, page cache)
    and nothing kept by the process of the sites' policies and root paths, nor
    a loaded spam-filter model (another test's model would make the filter
    ready, and score in the caller's thread: ``comments.screening``)."""
    from django.core.cache import cache

    from comments.policy import forget_kept_reads
    from spamfilter import registry

    cache.clear()
    forget_kept_reads()
    registry.clear_cache()
    yield
    cache.clear()
    forget_kept_reads()
    registry.clear_cache()


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


@pytest.fixture
def filter_dir(settings, tmp_path):
    """Models trained in the test go to a temporary folder, on a small sample."""
    from spamfilter import registry
    from tests.factories import SMALL_TRAINING

    settings.WARTA_SPAMFILTER_MODEL_DIR = str(tmp_path)
    settings.WARTA_SPAMFILTER_RETRAIN_OPTIONS = SMALL_TRAINING
    registry.clear_cache()
    yield tmp_path
    registry.clear_cache()
