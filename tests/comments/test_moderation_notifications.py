"""The moderators' digest: batched, at most one email per interval."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from comments import notifications
from comments.models import Comment, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def policy(article):
    from comments.policy import default_policy

    policy = default_policy()
    policy.notify_emails = "redaksi@palopo.id\nmoderator@palopo.id\n"
    policy.notify_interval_minutes = 30
    policy.save()
    return policy


@pytest.fixture
def hold(article, spam_filter, django_capture_on_commit_callbacks):
    """Submit a comment the filter holds, running the after-commit effects."""
    from comments.services import accept_comment

    spam_filter.probability = 0.7

    def submit(body="Mohon info jadwal perbaikan jalan."):
        comment = Comment(article=article, name="Warga", email="w@palopo.id", body=body)
        with django_capture_on_commit_callbacks(execute=True):
            accept_comment(comment)
        assert comment.status == Status.PENDING
        return comment

    return submit


def at(minutes):
    moment = timezone.now() + dt.timedelta(minutes=minutes)
    return lambda: moment


def test_two_held_comments_within_the_interval_send_one_email(policy, hold):
    hold("Komentar pertama yang ditahan.")
    hold("Komentar kedua yang ditahan.")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["moderator@palopo.id", "redaksi@palopo.id"]
    assert "1 komentar menunggu moderasi" in message.subject
    assert "http://testserver/admin/komentar/" in message.body


def test_after_the_interval_the_next_held_comment_sends_another_digest(
    policy, hold, monkeypatch
):
    hold("Komentar pertama.")
    monkeypatch.setattr(notifications.timezone, "now", at(20))
    hold("Komentar kedua, dalam jeda.")
    assert len(mail.outbox) == 1
    monkeypatch.setattr(notifications.timezone, "now", at(31))
    hold("Komentar ketiga, sesudah jeda.")
    assert len(mail.outbox) == 2
    assert "3 komentar menunggu moderasi" in mail.outbox[1].subject
    assert "Komentar kedua, dalam jeda." in mail.outbox[1].body


def test_cron_sends_what_was_held_within_the_interval_once_it_has_passed(
    policy, hold, monkeypatch
):
    from django.core.management import call_command

    hold("Komentar pertama.")
    hold("Komentar kedua, dalam jeda, lalu sepi.")
    assert len(mail.outbox) == 1
    call_command("send_moderation_digest", verbosity=0)  # still within the interval
    assert len(mail.outbox) == 1

    monkeypatch.setattr(notifications.timezone, "now", at(31))
    call_command("send_moderation_digest", verbosity=0)
    assert len(mail.outbox) == 2
    assert "Komentar kedua, dalam jeda, lalu sepi." in mail.outbox[1].body

    # Nothing new since: the queue is not mailed again every interval.
    monkeypatch.setattr(notifications.timezone, "now", at(62))
    call_command("send_moderation_digest", verbosity=0)
    assert len(mail.outbox) == 2


def test_published_comments_send_no_digest(policy, article, spam_filter):
    from comments.services import accept_comment

    spam_filter.probability = 0.05
    accept_comment(Comment(article=article, name="W", email="w@x.id", body="Bagus."))
    assert mail.outbox == []


def test_without_listed_addresses_the_moderator_group_is_mailed(
    article, hold, moderator, humas
):
    hold()
    assert mail.outbox[0].to == [moderator.email]


def test_a_failing_mail_server_is_logged_and_the_comment_is_kept(
    policy, hold, monkeypatch, caplog
):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(notifications, "send_mail", refuse)
    comment = hold()
    assert Comment.objects.filter(pk=comment.pk, status=Status.PENDING).exists()
    assert "digest failed" in caplog.text
    # Not marked as sent: the next held comment tries again.
    monkeypatch.undo()
    hold("Lagi.")
    assert len(mail.outbox) == 1
