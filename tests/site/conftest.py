"""Fixtures for the production tests: the page cache on, an article, a fake filter."""

from __future__ import annotations

import pytest

from tests.factories import fake_verdict


@pytest.fixture
def page_cache(settings):
    """The shared page cache as production runs it."""
    settings.WARTA_PAGE_CACHE = True
    settings.WARTA_COMMENTS_MIN_FILL_SECONDS = 0
    return settings


@pytest.fixture
def article(demo_articles):
    """A seed press release (the demo loader's), with its home page and index."""
    return demo_articles[0]


@pytest.fixture
def ham_filter(monkeypatch):
    """``spamfilter.score`` that finds every comment harmless."""
    monkeypatch.setattr(
        "spamfilter.score", lambda comment: fake_verdict(0.01, model_version="uji-1")
    )
