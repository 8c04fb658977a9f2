"""Triage helpers: reasons in the text, thresholds, and trusted commenters."""

from __future__ import annotations

import pytest

from comments import moderation
from comments.models import Comment, CommentPolicy, Status
from tests.comments.moderation_support import make_comment


def test_reason_terms_are_taken_from_quotes_hosts_and_after_a_colon():
    reasons = ['kata "slot gacor"', "tautan: bit.ly", "domain wa.me/628", "bahasa"]
    assert moderation.reason_terms(reasons) == ["slot gacor", "bit.ly", "wa.me/628"]


def test_highlight_escapes_the_text_and_marks_the_reasons():
    html = moderation.highlight("<b>SLOT GACOR</b> di bit.ly", ['"slot gacor"'])
    assert html == '&lt;b&gt;<mark class="reason">SLOT GACOR</mark>&lt;/b&gt; di bit.ly'


def test_highlight_without_reasons_only_escapes():
    assert moderation.highlight("a < b", []) == "a &lt; b"


@pytest.mark.django_db
def test_policy_thresholds_win_over_the_defaults(article):
    assert moderation.thresholds() == moderation.Thresholds(0.5, 0.9)
    policy = moderation.site_policy()
    policy.hold_threshold, policy.spam_threshold = 0.3, 0.8
    policy.save()
    assert moderation.thresholds() == moderation.Thresholds(0.3, 0.8)


@pytest.mark.django_db
def test_decorate_counts_records_and_runs_in_two_queries(
    article, django_assert_num_queries
):
    make_comment(article, status=Status.PUBLISHED, email="a@x.id")
    rows = [make_comment(article, email="a@x.id", fingerprint="f") for _ in range(3)]
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
        make_comment(article, status=Status.PUBLISHED, email="warga@palopo.id")
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
