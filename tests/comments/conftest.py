"""Fixtures for the comments tests: an article, a fake spam filter, a clean cache."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.comments.moderation_support import (  # noqa: F401 - moderation roles
    humas,
    moderator,
    moderator_client,
    reader,
    superuser,
)
from tests.factories import make_article


@dataclass(frozen=True)
class FakeVerdict:
    """The shape of ``spamfilter.Verdict``, so no trained model is needed."""

    probability: float
    decision: str = "ham"
    hold_threshold: float = 0.5
    spam_threshold: float = 0.9
    reasons: tuple[str, ...] = ()
    model_version: str = "test-1"


class FakeFilter:
    """Stands in for ``spamfilter.score``: a fixed probability, or an exception."""

    def __init__(self):
        self.probability = 0.05
        self.reasons: tuple[str, ...] = ("test",)
        self.error: BaseException | None = None
        self.delay = 0.0
        self.calls: list[dict] = []

    def __call__(self, text, *, name="", email="", website="", article_text=""):
        import time

        self.calls.append(
            {
                "text": text,
                "name": name,
                "email": email,
                "website": website,
                "article_text": article_text,
            }
        )
        if self.delay:
            time.sleep(self.delay)
        if self.error is not None:
            raise self.error
        p = self.probability
        decision = "spam" if p >= 0.9 else "hold" if p >= 0.5 else "ham"
        return FakeVerdict(probability=p, decision=decision, reasons=self.reasons)


@pytest.fixture
def spam_filter(monkeypatch):
    fake = FakeFilter()
    monkeypatch.setattr("spamfilter.score", fake, raising=False)
    return fake


@pytest.fixture
def comment_settings(settings):
    """No minimum fill time (the factories sign forms 60 s in the past anyway)."""
    settings.WARTA_COMMENTS_MIN_FILL_SECONDS = 0
    return settings


@pytest.fixture
def news_home(db):
    from news.demo import ensure_site_tree

    return ensure_site_tree()


@pytest.fixture
def article(news_home):
    _, index = news_home
    return make_article(
        index,
        title="Pemkot Buka Layanan Adminduk Keliling",
        paragraphs=["Layanan KTP elektronik keliling dibuka di setiap kecamatan."],
    )


@pytest.fixture
def other_article(news_home):
    _, index = news_home
    return make_article(index, title="Jadwal Posyandu Bulan Ini")
