"""Closing, reply notices, retention, moderator labels."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from comments.models import Comment, Status
from comments.policy import comments_are_open
from comments.privacy import RequestInfo
from comments.services import publish, purge_spam, submit_comment
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db

BROWSER = RequestInfo(ip_hash="d" * 64, user_agent="Mozilla/5.0", has_referer=True)


# Closing


def test_comments_close_n_days_after_the_article_date(news_home):
    _, index = news_home
    article = make_article(index, date=dt.date(2024, 3, 1), comments_close_after_days=7)
    wita = timezone.get_current_timezone()

    assert comments_are_open(article, now=dt.datetime(2024, 3, 7, 23, 59, tzinfo=wita))
    assert not comments_are_open(article, now=dt.datetime(2024, 3, 8, tzinfo=wita))


def test_comments_without_a_closing_day_stay_open(article):
    assert comments_are_open(article, now=timezone.now() + dt.timedelta(days=3650))


def test_article_past_its_closing_day_shows_komentar_ditutup(client, news_home):
    _, index = news_home
    article = make_article(
        index,
        date=timezone.localdate() - dt.timedelta(days=10),
        comments_close_after_days=7,
    )
    make_comment(article, body="Komentar lama tetap tampil")

    html = client.get(article.url).content.decode()

    assert "Komentar ditutup." in html
    assert "Komentar lama tetap tampil" in html
    assert "Balas" not in html


# Reply notices


@pytest.fixture
def asker(article):
    return make_comment(
        article, name="Irfan", email="irfan@example.com", notify_on_reply=True
    )


def notices():
    """Reply notices only (moderators' digests may share the outbox)."""
    return [m for m in mail.outbox if "membalas komentar Anda" in m.subject]


def reply_to(parent, **fields):
    fields.setdefault("email", "penjawab@example.com")
    return Comment(
        article=parent.article,
        parent=parent,
        name="Humas",
        body="Jadwalnya Senin depan.",
        **fields,
    )


def test_published_reply_mails_the_author_who_asked_after_commit(
    asker, spam_filter, django_capture_on_commit_callbacks
):
    spam_filter.probability = 0.01

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submit_comment(reply_to(asker), request_info=BROWSER)
    assert notices() == []
    for callback in callbacks:
        callback()

    (message,) = notices()
    assert message.to == ["irfan@example.com"]
    assert 'Humas membalas komentar Anda di "' in message.subject
    assert "Jadwalnya Senin depan." in message.body
    assert "penjawab@example.com" not in message.body + message.subject
    assert f"#komentar-{Comment.objects.get(parent=asker).pk}" in message.body


def test_held_reply_sends_no_mail_until_a_moderator_publishes_it(
    asker, spam_filter, django_capture_on_commit_callbacks, django_user_model
):
    spam_filter.probability = 0.6
    with django_capture_on_commit_callbacks(execute=True):
        reply = submit_comment(reply_to(asker), request_info=BROWSER).comment
    assert notices() == []

    moderator = django_user_model.objects.create_user("moderator")
    with django_capture_on_commit_callbacks(execute=True):
        publish(reply, moderator=moderator)

    assert len(notices()) == 1


def test_spam_reply_sends_no_mail(
    asker, spam_filter, django_capture_on_commit_callbacks
):
    spam_filter.probability = 0.99

    with django_capture_on_commit_callbacks(execute=True):
        submit_comment(reply_to(asker), request_info=BROWSER)

    assert notices() == []


def test_no_mail_without_opt_in_or_to_oneself(
    article, spam_filter, django_capture_on_commit_callbacks
):
    spam_filter.probability = 0.01
    quiet = make_comment(article, email="diam@example.com", notify_on_reply=False)
    chatty = make_comment(article, email="sendiri@example.com", notify_on_reply=True)

    with django_capture_on_commit_callbacks(execute=True):
        submit_comment(reply_to(quiet), request_info=BROWSER)
        submit_comment(
            reply_to(chatty, email="sendiri@example.com"), request_info=BROWSER
        )

    assert notices() == []


def test_a_reply_published_again_after_a_report_mails_only_once(
    asker, spam_filter, django_capture_on_commit_callbacks, django_user_model
):
    from comments.services import transition

    spam_filter.probability = 0.01
    with django_capture_on_commit_callbacks(execute=True):
        reply = submit_comment(reply_to(asker), request_info=BROWSER).comment
    moderator = django_user_model.objects.create_user("moderator")
    with django_capture_on_commit_callbacks(execute=True):
        transition(reply, Status.PENDING, note="dilaporkan")
        publish(reply, moderator=moderator)

    assert len(notices()) == 1


def test_notify_checkbox_is_on_the_form(client, article):
    html = client.get(article.url).content.decode()

    assert "Kabari saya lewat email bila ada balasan" in html


# Retention


def test_purge_spam_deletes_spam_older_than_30_days_only(article):
    old = timezone.now() - dt.timedelta(days=31)
    old_spam = make_comment(article, status=Status.SPAM, submitted_at=old)
    new_spam = make_comment(article, status=Status.SPAM)
    old_ham = make_comment(article, status=Status.PUBLISHED, submitted_at=old)
    old_held = make_comment(article, status=Status.PENDING, submitted_at=old)

    assert purge_spam() == 1

    remaining = set(Comment.objects.values_list("pk", flat=True))
    assert old_spam.pk not in remaining
    assert {new_spam.pk, old_ham.pk, old_held.pk} <= remaining


def test_purge_spam_keeps_what_moderators_marked_as_spam(article, moderator):
    # The filter's training labels: a retraining after the purge still learns them.
    from comments.learning import moderator_labels
    from comments.services import mark_spam

    old = timezone.now() - dt.timedelta(days=40)
    marked = make_comment(
        article, status=Status.PENDING, submitted_at=old, body="Pinjol cepat cair"
    )
    mark_spam(marked, moderator=moderator)
    Comment.objects.filter(pk=marked.pk).update(decided_at=old)
    binned = make_comment(article, status=Status.SPAM, submitted_at=old)

    assert purge_spam() == 1
    assert not Comment.objects.filter(pk=binned.pk).exists()
    assert [row.text for row in moderator_labels()] == ["Pinjol cepat cair"]


def test_purge_spam_with_labels_counts_from_a_recent_moderator_decision(article):
    old = timezone.now() - dt.timedelta(days=40)
    recently_marked = make_comment(
        article,
        status=Status.SPAM,
        submitted_at=old,
        decided_at=timezone.now() - dt.timedelta(days=2),
    )
    long_marked = make_comment(
        article, status=Status.SPAM, submitted_at=old, decided_at=old
    )

    assert purge_spam(keep_labels=False) == 1
    assert Comment.objects.filter(pk=recently_marked.pk).exists()
    assert not Comment.objects.filter(pk=long_marked.pk).exists()


def test_purge_spam_keeps_spam_that_has_published_replies(article):
    old = timezone.now() - dt.timedelta(days=40)
    parent = make_comment(article, status=Status.SPAM, submitted_at=old)
    make_comment(article, parent=parent)

    assert purge_spam() == 0


def test_purge_spam_command_takes_days_and_reports(article, settings):
    settings.WARTA_COMMENTS_SPAM_RETENTION_DAYS = 30
    make_comment(
        article,
        status=Status.SPAM,
        submitted_at=timezone.now() - dt.timedelta(days=10),
    )
    from io import StringIO

    out = StringIO()
    call_command("purge_spam", stdout=out)
    assert "0 komentar spam lebih dari 30 hari dihapus." in out.getvalue()

    call_command("purge_spam", "--days", "7", stdout=out)
    assert "1 komentar spam lebih dari 7 hari dihapus." in out.getvalue()
    assert not Comment.objects.exists()

    labelled = make_comment(
        article,
        status=Status.SPAM,
        submitted_at=timezone.now() - dt.timedelta(days=10),
        decided_at=timezone.now() - dt.timedelta(days=10),
    )
    call_command("purge_spam", "--days", "7", stdout=out)
    assert Comment.objects.filter(pk=labelled.pk).exists()
    call_command("purge_spam", "--days", "7", "--include-labels", stdout=out)
    assert not Comment.objects.exists()


def test_purge_spam_command_refuses_negative_days():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("purge_spam", "--days", "-1")


# Moderator labels for the spam filter


def test_moderator_labels_are_what_moderators_published_or_marked_spam(
    article, django_user_model, settings
):
    from comments.learning import moderator_labels
    from comments.services import mark_spam

    moderator = django_user_model.objects.create_user("moderator")
    ham = make_comment(article, status=Status.PENDING, body="Bagus sekali")
    spam = make_comment(article, status=Status.PENDING, body="Obat kuat murah")
    make_comment(article, status=Status.PUBLISHED, body="Terbit oleh filter")
    publish(ham, moderator=moderator)
    mark_spam(spam, moderator=moderator)

    labels = {row.text: row for row in moderator_labels()}

    assert set(labels) == {"Bagus sekali", "Obat kuat murah"}
    assert labels["Bagus sekali"].label == "ham"
    assert labels["Obat kuat murah"].label == "spam"
    assert labels["Bagus sekali"].source == "moderator"
    assert "Layanan KTP elektronik" in labels["Bagus sekali"].article_text
