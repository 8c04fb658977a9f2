"""Decisions in the admin: single, bulk and run actions, blocks, the spam folder."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from comments.models import Block, Comment, ModerationEvent, Status
from tests.factories import make_held_comment, reason

pytestmark = pytest.mark.django_db

DECISIONS = [
    ("publish", Status.PUBLISHED),
    ("reject", Status.REJECTED),
    ("spam", Status.SPAM),
    ("not_spam", Status.PUBLISHED),
]


def bulk_url(action, *comments, next_url="/admin/komentar/"):
    ids = "&".join(f"id={c.pk}" for c in comments)
    return f"/admin/bulk/comments/comment/{action}/?{ids}&next={next_url}"


def assert_recorded(comment, moderator, from_status, to_status):
    event = comment.events.latest("created_at")
    assert event.actor == moderator
    assert (event.from_status, event.to_status) == (from_status, to_status)
    assert event.spam_probability == comment.spam_probability
    assert event.model_version == comment.model_version
    assert timezone.now() - event.created_at < dt.timedelta(minutes=1)
    return event


@pytest.mark.parametrize(("decision", "status"), DECISIONS)
def test_single_decision_is_applied_and_recorded(
    moderator_client, moderator, article, decision, status
):
    comment = make_held_comment(article, spam_probability=0.64, model_version="v7")
    response = moderator_client.post(
        reverse("komentar:decide", args=[comment.pk]) + "?next=/admin/komentar/",
        {"decision": decision},
    )
    assert response.status_code == 302
    assert response.url == "/admin/komentar/"
    comment.refresh_from_db()
    assert comment.status == status
    assert (comment.decided_by, comment.decided_at is not None) == (moderator, True)
    assert_recorded(comment, moderator, Status.PENDING, status)


@pytest.mark.parametrize(("decision", "status"), DECISIONS)
def test_bulk_decision_asks_for_confirmation_then_records_every_comment(
    moderator_client, moderator, article, decision, status
):
    comments = [make_held_comment(article, model_version="v3") for _ in range(3)]
    confirm = moderator_client.get(bulk_url(decision, *comments))
    assert confirm.status_code == 200
    assert "3 komentar ini?" in confirm.content.decode()
    assert Comment.objects.filter(status=Status.PENDING).count() == 3

    response = moderator_client.post(bulk_url(decision, *comments))
    assert response.status_code == 302
    batches = set()
    for comment in comments:
        comment.refresh_from_db()
        assert comment.status == status
        batches.add(assert_recorded(comment, moderator, Status.PENDING, status).batch)
    # One batch: the same batch id on every event.
    assert len(batches) == 1 and batches.pop()


def test_bulk_action_is_refused_to_humas(client, humas, article):
    comment = make_held_comment(article)
    client.force_login(humas)
    client.post(bulk_url("publish", comment))
    assert Comment.objects.get(pk=comment.pk).status == Status.PENDING


def test_not_spam_publishes_a_held_comment_with_its_original_date(
    moderator_client, article
):
    submitted = timezone.now() - dt.timedelta(days=3)
    comment = make_held_comment(article, submitted_at=submitted)
    moderator_client.post(
        reverse("komentar:decide", args=[comment.pk]), {"decision": "not_spam"}
    )
    comment.refresh_from_db()
    assert comment.status == Status.PUBLISHED
    assert comment.submitted_at == submitted


def test_comment_marked_spam_by_mistake_is_restored(
    moderator_client, moderator, article
):
    submitted = timezone.now() - dt.timedelta(days=2)
    comment = make_held_comment(article, submitted_at=submitted)
    url = reverse("komentar:decide", args=[comment.pk])
    moderator_client.post(url, {"decision": "spam"})
    assert moderator_client.get("/admin/komentar/spam/").context["paginator"].count == 1

    moderator_client.post(url, {"decision": "not_spam"})
    comment.refresh_from_db()
    assert comment.status == Status.PUBLISHED
    assert comment.submitted_at == submitted
    assert [(e.from_status, e.to_status) for e in comment.events.all()] == [
        (Status.PENDING, Status.SPAM),
        (Status.SPAM, Status.PUBLISHED),
    ]


def test_one_decision_covers_a_whole_run_of_near_identical_comments(
    moderator_client, moderator, article
):
    run = [
        make_held_comment(article, fingerprint="run-1", status=status)
        for status in [Status.PENDING] * 36 + [Status.SPAM]
    ]
    unrelated = make_held_comment(article, fingerprint="other")
    published_copy = make_held_comment(
        article, fingerprint="run-1", status=Status.PUBLISHED
    )

    queue = moderator_client.get("/admin/komentar/").content.decode()
    assert "Tolak 37 komentar serupa" in queue

    url = reverse("komentar:run", args=[run[0].pk])
    confirm = moderator_client.get(url + "?decision=reject")
    assert confirm.context["count"] == 37
    moderator_client.post(url, {"decision": "reject"})

    assert (
        Comment.objects.filter(fingerprint="run-1", status=Status.REJECTED).count()
        == 37
    )
    assert Comment.objects.get(pk=unrelated.pk).status == Status.PENDING
    assert Comment.objects.get(pk=published_copy.pk).status == Status.PUBLISHED
    batches = set(
        ModerationEvent.objects.filter(actor=moderator).values_list("batch", flat=True)
    )
    assert len(batches) == 1 and batches.pop()


def test_comment_page_shows_history_track_record_and_reasons(
    moderator_client, moderator, article
):
    from comments import services

    comment = make_held_comment(
        article,
        reasons=[reason("tautan ke domain bit.ly", "bit.ly")],
        body="Cek bit.ly/abc",
        email="a@b.id",
    )
    make_held_comment(article, status=Status.PUBLISHED, email="a@b.id")
    services.mark_spam(comment, moderator=moderator)
    services.mark_not_spam(comment, moderator=moderator)
    html = moderator_client.get(reverse("komentar:detail", args=[comment.pk])).content
    html = html.decode()
    assert '<mark class="reason">bit.ly</mark>' in html
    assert "1 komentar terbit, 0 spam sebelumnya" in html
    assert html.count("moderator</td>") == 2
    assert "v-test" in html


@pytest.mark.parametrize("kind", ["email", "ip_hash"])
def test_blocked_commenter_cannot_get_a_comment_published(
    moderator_client, moderator, article, kind
):
    from comments.services import accept_comment

    comment = make_held_comment(article, email="spammer@example.id", ip_hash="abc123")
    moderator_client.post(reverse("komentar:block", args=[comment.pk]), {"kind": kind})
    value = "spammer@example.id" if kind == "email" else "abc123"
    block = Block.objects.get(kind=kind, value=value)
    assert block.created_by == moderator

    again = Comment(
        article=article,
        name="Spammer",
        email="SPAMMER@example.id" if kind == "email" else "new@example.id",
        ip_hash="abc123" if kind == "ip_hash" else "",
        body="Beli followers murah",
    )
    accept_comment(again)
    again.refresh_from_db()
    assert again.status == Status.SPAM
    assert "blocked" in again.reasons


def test_block_list_adds_and_removes_blocks(moderator_client):
    moderator_client.post(
        "/admin/komentar/blokir/new/",
        {"kind": "email", "value": "X@Spam.id", "reason": ""},
    )
    block = Block.objects.get()
    assert block.value == "x@spam.id"
    moderator_client.post(reverse("komentar_blokir:delete", args=[block.pk]))
    assert not Block.objects.exists()


def test_emptying_the_spam_folder_keeps_moderators_labels_by_default(
    moderator_client, moderator, article
):
    from comments import services

    binned = make_held_comment(article, status=Status.SPAM)
    labelled = services.mark_spam(make_held_comment(article), moderator=moderator)
    held = make_held_comment(article)
    moderator_client.post("/admin/komentar/spam/kosongkan/", {"keep_labels": "1"})
    assert set(Comment.objects.values_list("pk", flat=True)) == {labelled.pk, held.pk}
    moderator_client.post("/admin/komentar/spam/kosongkan/", {})
    assert set(Comment.objects.values_list("pk", flat=True)) == {held.pk}
    assert not Comment.objects.filter(pk=binned.pk).exists()


def test_bulk_action_on_all_in_listing_keeps_the_queues_filters(
    moderator_client, article
):
    wave = [
        make_held_comment(
            article, reasons=[reason("tautan ke domain bit.ly", "bit.ly")]
        )
        for _ in range(3)
    ]
    other = make_held_comment(
        article, reasons=[reason("berbahasa Inggris", code="english")]
    )
    published = make_held_comment(article, status=Status.PUBLISHED)
    url = (
        "/admin/bulk/comments/comment/spam/?reason=bit.ly&id=all&next=/admin/komentar/"
    )
    assert "3 komentar ini?" in moderator_client.get(url).content.decode()
    moderator_client.post(url)
    assert {c.pk for c in Comment.objects.spam()} == {c.pk for c in wave}
    assert Comment.objects.get(pk=other.pk).status == Status.PENDING
    assert Comment.objects.get(pk=published.pk).status == Status.PUBLISHED


def test_not_spam_on_all_of_the_spam_folder_restores_only_spam(
    moderator_client, article
):
    spam = [make_held_comment(article, status=Status.SPAM) for _ in range(2)]
    held = make_held_comment(article)
    url = "/admin/bulk/comments/comment/not_spam/?id=all&next=/admin/komentar/spam/"
    moderator_client.post(url)
    assert all(Comment.objects.get(pk=c.pk).status == Status.PUBLISHED for c in spam)
    assert Comment.objects.get(pk=held.pk).status == Status.PENDING


def test_a_run_of_citizens_same_words_is_published_in_one_batch(
    moderator_client, moderator, article
):
    run = [make_held_comment(article, fingerprint="petisi") for _ in range(3)]
    detail = moderator_client.get(reverse("komentar:detail", args=[run[0].pk]))
    assert "Terbitkan semua yang serupa" in detail.content.decode()
    url = reverse("komentar:run", args=[run[0].pk])
    moderator_client.post(url, {"decision": "publish"})
    events = ModerationEvent.objects.filter(actor=moderator)
    assert set(events.values_list("to_status", flat=True)) == {Status.PUBLISHED}
    assert events.count() == 3 and len(set(events.values_list("batch", flat=True))) == 1
