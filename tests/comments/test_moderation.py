"""Triage helpers: reasons in the text, thresholds, and trusted commenters."""

from __future__ import annotations

import pytest

from comments import moderation
from comments.admin.display import reason_texts
from comments.models import Comment, CommentPolicy, Status
from tests.factories import make_held_comment, reason


def test_reason_terms_are_the_structured_terms_and_old_prose_names_none():
    reasons = [
        reason('kata "slot gacor"', "slot gacor"),
        reason("tautan ke domain bit.ly, wa.me", "bit.ly", "wa.me", code="links"),
        reason("berbahasa Inggris", code="english"),
        "no_user_agent",
        'kata "tersimpan"',  # saved before reasons were structured
    ]
    assert moderation.reason_terms(reasons) == ["slot gacor", "bit.ly", "wa.me"]


def test_highlight_escapes_the_text_and_marks_the_reasons():
    html = moderation.highlight(
        "<b>SLOT GACOR</b> di bit.ly", [reason('kata "slot gacor"', "slot gacor")]
    )
    assert html == '&lt;b&gt;<mark class="reason">SLOT GACOR</mark>&lt;/b&gt; di bit.ly'


def test_old_prose_reasons_still_read_as_they_were_saved():
    comment = Comment(reasons=["tautan: bit.ly", reason('kata "gacor"', "gacor")])
    assert reason_texts(comment) == ["tautan: bit.ly", 'kata "gacor"']


def test_highlight_without_reasons_only_escapes():
    assert moderation.highlight("a < b", []) == "a &lt; b"


@pytest.mark.django_db
def test_decorate_counts_records_and_runs_in_two_queries(
    article, django_assert_num_queries
):
    make_held_comment(article, status=Status.PUBLISHED, email="a@x.id")
    rows = [
        make_held_comment(article, email="a@x.id", fingerprint="f") for _ in range(3)
    ]
    rows = list(Comment.objects.filter(pk__in=[r.pk for r in rows]))
    with django_assert_num_queries(2):
        decorated = moderation.decorate(rows)
    assert {(c.track_published, c.track_spam, c.run_size) for c in decorated} == {
        (1, 0, 3)
    }


@pytest.mark.django_db
def test_moderator_lets_trusted_commenters_skip_the_hold(
    moderator_client, article, spam_filter, django_capture_on_commit_callbacks
):
    from comments.services import accept_comment

    moderator_client.post(
        "/admin/komentar/blokir/tepercaya/", {"trusted_after_published": 2}
    )
    assert CommentPolicy.for_site(article.get_site()).trusted_after_published == 2

    for _ in range(2):
        make_held_comment(article, status=Status.PUBLISHED, email="warga@palopo.id")
    spam_filter.probability = 0.7  # between the thresholds: normally held

    def submit(email):
        comment = Comment(
            article=article, name="Warga", email=email, body="Jalan rusak."
        )
        with django_capture_on_commit_callbacks(execute=True):
            accept_comment(comment)
        comment.refresh_from_db()
        return comment.status

    assert submit("warga@palopo.id") == Status.PUBLISHED
    assert submit("baru@palopo.id") == Status.PENDING
    spam_filter.probability = 0.95  # the spam band still catches the trusted
    assert submit("warga@palopo.id") == Status.SPAM
