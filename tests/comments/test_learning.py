"""Moderators' decisions as labels, the guards against poisoning, retraining."""

from __future__ import annotations

import pytest
from django.urls import reverse

from comments import learning, services
from comments.models import Status
from tests.factories import make_held_comment

pytestmark = pytest.mark.django_db

CITIZEN = (
    "Terima kasih pak wali, jalan di depan pasar sentral sudah lama rusak "
    "dan sering banjir kalau hujan deras, semoga cepat diperbaiki."
)


def labels_by_text():
    return {row.text: row for row in learning.moderator_labels()}


def test_moderators_decisions_are_labels_and_the_filters_are_not(article, moderator):
    published = services.publish(
        make_held_comment(article, body="Setuju."), moderator=moderator
    )
    spam = services.mark_spam(
        make_held_comment(article, body="Promo pulsa murah"), moderator=moderator
    )
    rejected = services.reject(
        make_held_comment(article, body="Kasar."), moderator=moderator
    )
    by_filter = make_held_comment(article, body="Spam oleh filter")
    services.transition(by_filter, Status.SPAM)

    labels = labels_by_text()
    assert {text: row.label for text, row in labels.items()} == {
        published.body: "ham",
        spam.body: "spam",
    }
    assert rejected.body not in labels
    row = labels[spam.body]
    assert (row.source, row.weight, row.email) == ("moderator", 1.0, spam.email)
    assert article.title in row.article_text


def test_a_label_is_dropped_when_the_comment_changed_after_the_decision(
    article, moderator
):
    comment = services.publish(make_held_comment(article), moderator=moderator)
    services.transition(comment, Status.PENDING, note="dilaporkan 3 kali")
    assert learning.moderator_labels() == []


def test_retraining_hands_the_moderators_labels_to_the_filter(
    article, moderator, monkeypatch
):
    services.publish(
        make_held_comment(article, body="Terima kasih"), moderator=moderator
    )
    handed = {}

    def retrain(labels, **options):
        handed.update(labels=list(labels), **options)
        return "v-new"

    monkeypatch.setattr("spamfilter.retrain", retrain)
    assert learning.retrain_now(activate="never", limit=10) == "v-new"
    assert [row.text for row in handed["labels"]] == ["Terima kasih"]
    assert handed["activate"] == "never" and handed["limit"] == 10


def test_spam_label_on_a_copy_of_a_published_comment_is_not_learned(article, moderator):
    make_held_comment(article, body=CITIZEN, status=Status.PUBLISHED)
    pasted = make_held_comment(
        article, body=CITIZEN + " Info lengkap di bit.ly/promo99"
    )
    services.mark_spam(pasted, moderator=moderator)
    assert pasted.body not in labels_by_text()


def test_spam_label_on_a_copy_is_learned_when_the_moderator_confirms(
    moderator_client, article
):
    make_held_comment(article, body=CITIZEN, status=Status.PUBLISHED)
    pasted = make_held_comment(
        article, body=CITIZEN + " Info lengkap di bit.ly/promo99"
    )
    page = moderator_client.get(reverse("komentar:detail", args=[pasted.pk]))
    assert page.context["lookalikes"]
    assert 'name="confirm_duplicate"' in page.content.decode()
    moderator_client.post(
        reverse("komentar:decide", args=[pasted.pk]),
        {"decision": "spam", "confirm_duplicate": "1"},
    )
    assert labels_by_text()[pasted.body].label == "spam"


def test_unrelated_spam_is_learned_even_when_published_comments_exist(
    article, moderator
):
    make_held_comment(article, body=CITIZEN, status=Status.PUBLISHED)
    spam = make_held_comment(
        article, body="Slot gacor maxwin hari ini, daftar sekarang"
    )
    services.mark_spam(spam, moderator=moderator)
    assert labels_by_text()[spam.body].label == "spam"


def test_one_decision_batch_weighs_at_most_the_cap(article, moderator, settings):
    settings.WARTA_COMMENTS_LABEL_BATCH_CAP = 10
    run = [
        make_held_comment(article, body=f"Obat kuat asli {i} hubungi wa.me/62{i}")
        for i in range(40)
    ]
    services.decide_many(run, "spam", moderator=moderator)
    single = services.mark_spam(
        make_held_comment(article, body="Jual followers"), moderator=moderator
    )
    labels = learning.moderator_labels()
    batch = [row for row in labels if row.text != single.body]
    assert len(batch) == 40
    assert sum(row.weight for row in batch) == pytest.approx(10)
    assert labels_by_text()[single.body].weight == 1.0


def test_enough_new_labels_enqueue_a_retraining_after_commit(
    article, moderator, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.WARTA_SPAMFILTER_RETRAIN_AFTER_LABELS = 3
    enqueued = []
    monkeypatch.setattr(learning, "enqueue_retrain", lambda: enqueued.append(1))
    comments = [make_held_comment(article) for _ in range(4)]
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(comments[0], moderator=moderator)
        services.publish(comments[1], moderator=moderator)
    assert enqueued == []
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_many(comments[2:], "spam", moderator=moderator)
    assert enqueued == [1]  # once, though two decisions crossed the threshold


def test_retraining_is_never_automatic_when_the_setting_is_zero(
    article, moderator, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.WARTA_SPAMFILTER_RETRAIN_AFTER_LABELS = 0
    enqueued = []
    monkeypatch.setattr(learning, "enqueue_retrain", lambda: enqueued.append(1))
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(make_held_comment(article), moderator=moderator)
    assert learning.labels_since_last_model() == 1
    assert learning.maybe_retrain() is False
    assert enqueued == []
