"""Fixtures for the production tests: the page cache on, an article, a fake filter."""

from __future__ import annotations

import pytest


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


class _Verdict:
    hold_threshold = 0.5
    spam_threshold = 0.9
    reasons = ("uji",)
    model_version = "uji-1"

    def __init__(self, probability: float):
        self.probability = probability
        self.decision = "ham" if probability < 0.5 else "hold"


@pytest.fixture
def ham_filter(monkeypatch):
    """``spamfilter.score`` that finds every comment harmless."""
    monkeypatch.setattr(
        "spamfilter.score", lambda text, **kw: _Verdict(0.01), raising=False
    )
