"""Fixtures for the comments tests: an article, a fake spam filter, a clean cache."""

from __future__ import annotations

import threading

import pytest

import spamfilter
from tests.comments.moderation_support import (  # noqa: F401 - moderation roles
    humas,
    moderator,
    moderator_client,
    reader,
    superuser,
)
from tests.factories import fake_verdict, make_article


class FakeFilter:
    """Stands in for ``spamfilter.score``: a fixed probability, or an exception,
    or a filter that hangs until the test is over (:meth:`hang`)."""

    def __init__(self):
        self.probability = 0.05
        self.reasons: tuple[spamfilter.Reason, ...] = (
            spamfilter.Reason("word", 'kata "uji"', ("uji",)),
        )
        self.error: BaseException | None = None
        self.released: threading.Event | None = None
        self.started = threading.Event()
        self.calls: list[dict] = []

    def hang(self) -> None:
        """Block every call until the fixture's teardown (beyond any timeout)."""
        self.released = threading.Event()

    def __call__(self, comment: spamfilter.CommentText) -> spamfilter.Verdict:
        self.calls.append(comment.as_dict())
        self.started.set()
        if self.released is not None:
            self.released.wait(timeout=30)
        if self.error is not None:
            raise self.error
        return fake_verdict(self.probability, reasons=self.reasons)


@pytest.fixture
def spam_filter(monkeypatch):
    fake = FakeFilter()
    monkeypatch.setattr("spamfilter.score", fake)
    yield fake
    if fake.released is not None:
        fake.released.set()


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
