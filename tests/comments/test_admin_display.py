"""What moderators read: the dashboard's counts and every reason in words."""

from __future__ import annotations

import concurrent.futures

import pytest
from django.urls import reverse
from django.utils import translation

from comments import screening, services
from comments.admin.dashboard import dashboard_stats
from comments.admin.display import percent, reason_label
from comments.models import Block, Comment
from comments.privacy import RequestInfo

pytestmark = pytest.mark.django_db


def submit(article, body):
    comment = Comment(article=article, name="Warga", email="warga@palopo.id", body=body)
    return services.accept_comment(comment).comment


def test_dashboard_counts_what_the_filter_held_not_every_comment_received(
    moderator_client, article, spam_filter
):
    spam_filter.probability = 0.05
    for i in range(5):
        submit(article, f"Terima kasih atas informasinya nomor {i}.")
    spam_filter.probability = 0.7
    for i in range(3):
        submit(article, f"Mohon info lebih lanjut soal jadwal {i}.")
    spam_filter.probability = 0.95
    submit(article, "Slot gacor maxwin daftar sekarang")

    stats = dashboard_stats(days=7)
    assert (stats["held"], stats["caught_held"], stats["caught_spam"]) == (3, 3, 1)
    html = moderator_client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'data-stat="caught_held">3<' in html


def reasons_the_comments_app_writes(article, spam_filter, monkeypatch):
    """Screen comments down every path that writes a code among the reasons."""
    spam_filter.error = RuntimeError("rusak")
    failed = services.accept_comment(
        Comment(article=article, name="A", email="a@b.id", body="satu"),
        signals=RequestInfo(user_agent="", has_referer=False).signals(),
    ).comment
    spam_filter.error = None

    def too_slow(text):
        raise concurrent.futures.TimeoutError

    monkeypatch.setattr(screening, "_score", too_slow)
    slow = submit(article, "dua")
    Block.objects.create(kind="email", value="blok@b.id")
    blocked = services.accept_comment(
        Comment(article=article, name="B", email="blok@b.id", body="tiga")
    ).comment
    return {code for c in (failed, slow, blocked) for code in c.reasons}


def test_every_reason_code_the_app_writes_has_words_in_both_languages(
    article, spam_filter, monkeypatch
):
    codes = reasons_the_comments_app_writes(article, spam_filter, monkeypatch)
    assert codes >= {
        "filter_error",
        "filter_timeout",
        "blocked",
        "no_user_agent",
        "no_referer",
    }
    for language in ("id", "en"):
        with translation.override(language):
            labels = {reason_label(code) for code in codes}
        assert not labels & codes
        assert len(labels) == len(codes)
    with translation.override("en"):
        assert reason_label("filter_timeout").startswith("The spam filter")


def test_a_filter_phrase_is_shown_as_it_is():
    assert reason_label("tautan: bit.ly") == "tautan: bit.ly"


def test_percentages_follow_the_language():
    with translation.override("id"):
        assert percent(0.17896591937075496) == "17,9 %"
    with translation.override("en"):
        assert percent(0.17896591937075496) == "17.9 %"
    assert percent(None) == "—"


def test_queue_shows_reason_labels_and_thresholds_as_percentages(
    moderator_client, article, settings
):
    settings.WARTA_COMMENTS_DEFAULT_THRESHOLDS = (0.17896591937075496, 0.9)
    from tests.factories import make_held_comment

    make_held_comment(article, reasons=["filter_timeout"], spam_probability=None)
    html = moderator_client.get(reverse("komentar:index")).content.decode()
    assert "tahan 17,9 %, spam 90,0 %" in html
    assert "Filter spam terlalu lama menilai" in html
    assert ">filter_timeout<" not in html
