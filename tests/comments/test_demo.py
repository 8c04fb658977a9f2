"""The demo loader's comments: the seed's four spam comments and genuine ones."""

from __future__ import annotations

import datetime as dt

import pytest

from comments.demo import GENUINE, load_comments, parse_seed_comments
from comments.models import Comment, Status
from tests.factories import fake_verdict

pytestmark = pytest.mark.django_db

WIB = dt.timezone(dt.timedelta(hours=7))


def test_seed_trailer_gives_four_comments_with_their_wib_dates():
    from news.demo import manifest, parse_seed

    entry = manifest()["articles"][0]

    comments = parse_seed_comments(parse_seed(entry).trailer)

    assert [when for when, _ in comments] == [
        dt.datetime(2017, 6, 8, 9, 49, 58, tzinfo=WIB),
        dt.datetime(2017, 6, 12, 15, 10, 57, tzinfo=WIB),
        dt.datetime(2017, 6, 27, 1, 21, 28, tzinfo=WIB),
        dt.datetime(2017, 7, 14, 21, 18, 37, tzinfo=WIB),
    ]
    assert comments[0][1].startswith("Awesome things here.")
    assert comments[3][1].endswith("supply?")
    assert all("Tinggalkan Komentar" not in text for _, text in comments)


def test_demo_comments_are_screened_and_loading_twice_adds_nothing(
    demo_articles, monkeypatch
):
    from tests.factories import fake_verdict

    calls = []

    def score(comment):
        calls.append(comment.text)
        spam = comment.email.startswith("pengunjung")
        return fake_verdict(0.97 if spam else 0.02)

    monkeypatch.setattr("spamfilter.score", score)

    first = load_comments(demo_articles)
    count = Comment.objects.count()
    second = load_comments(demo_articles)

    assert count == 4 + len(GENUINE)
    assert len(calls) == count
    assert first == ["Komentar demo: 4 spam, 5 terbit, 0 ditahan"]
    assert Comment.objects.count() == count
    assert second == ["Komentar demo: 0 spam, 0 terbit, 0 ditahan (sudah ada semua)"]
    assert Comment.objects.filter(status=Status.SPAM).count() == 4
    reply = Comment.objects.get(name="Humas Kota Palopo")
    assert reply.parent.name == "Muh. Irfan"
    first_spam = Comment.objects.spam().order_by("submitted_at").first()
    assert first_spam.submitted_at == dt.datetime(2017, 6, 8, 9, 49, 58, tzinfo=WIB)


def test_demo_comments_are_held_when_no_filter_model_is_available(
    demo_articles, spam_filter
):
    spam_filter.error = RuntimeError("no model")

    lines = load_comments(demo_articles)

    assert lines == ["Komentar demo: 0 spam, 0 terbit, 9 ditahan"]
    assert Comment.objects.filter(status=Status.PENDING).count() == 9


def test_load_demo_command_prints_the_comment_summary(spam_filter):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("load_demo", stdout=out)

    assert "Komentar demo:" in out.getvalue()


def test_demo_comments_are_scored_without_the_readers_time_limit(
    demo_articles, monkeypatch, settings
):
    """The first scoring loads the model, longer than a reader waits: the demo
    scores in its own thread, with no limit, so no comment is left unscored."""
    import threading

    settings.WARTA_COMMENTS_SCREENING_TIMEOUT = 0.5
    warmed, threads = [], set()

    def score(text, **kwargs):
        threads.add(threading.current_thread().name)
        return fake_verdict(0.02)

    monkeypatch.setattr("spamfilter.score", score, raising=False)
    monkeypatch.setattr("spamfilter.warm_up", lambda: warmed.append(1) or "v-uji")

    load_comments(demo_articles)

    assert warmed == [1]
    assert threads == {threading.current_thread().name}
    assert not Comment.objects.filter(spam_probability__isnull=True).exists()
