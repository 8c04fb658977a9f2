"""Campaigns: the second copy of a spintax template is held, and grouped."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

import spamfilter
from comments import campaigns, moderation, services
from comments.admin.display import reason_texts
from comments.models import (
    CampaignBand,
    CampaignSignature,
    Comment,
    ModerationEvent,
    Status,
)
from tests.factories import make_held_comment

pytestmark = pytest.mark.django_db

COPIES = [
    "Saya sudah menjelajah internet lebih dari tiga jam hari ini, tetapi belum "
    "pernah menemukan artikel semenarik tulisan Anda. Bagi saya sangat berharga, "
    "kalau semua pemilik situs menulis seperti ini internet akan jauh lebih berguna.",
    "Saya telah menjelajah internet lebih dari empat jam hari ini, tetapi belum "
    "pernah menemukan artikel semenarik tulisan Anda. Bagi saya cukup berharga, "
    "kalau semua pengelola situs menulis seperti ini internet akan jauh lebih berguna.",
    "Saya sudah berselancar di internet lebih dari 3 jam hari ini, tetapi belum "
    "pernah menemukan artikel semenarik tulisan Anda. Bagi saya sangat berharga, "
    "kalau semua pemilik blog menulis seperti ini web akan jauh lebih berguna.",
]
GENUINE = (
    "Jalan di depan pasar Sentral sudah tiga minggu berlubang dan tergenang "
    "kalau hujan, mohon Dinas PU segera memperbaiki sebelum ada korban."
)


def submit(article, body, n, **fields):
    fields.setdefault("name", f"Pengirim {n}")
    fields.setdefault("email", f"pengirim{n}@example.com")
    fields.setdefault("ip_hash", f"{n:064d}")
    comment = Comment(article=article, body=body, **fields)
    return services.accept_comment(comment, screening_timeout=0).comment


def test_the_second_copy_from_another_author_is_held_with_its_reason(
    article, other_article, spam_filter
):
    first = submit(article, COPIES[0], 1)
    second = submit(other_article, COPIES[1], 2)

    first.refresh_from_db()
    assert first.status == Status.PUBLISHED
    assert second.status == Status.PENDING
    assert second.campaign and first.campaign == second.campaign
    assert "mirip 1 komentar lain dalam 24 jam" in reason_texts(second)
    assert second.screening_note.startswith("kampanye:")


def test_the_third_copy_counts_both_earlier_ones(article, spam_filter):
    for n, body in enumerate(COPIES[:2]):
        submit(article, body, n)

    third = submit(article, COPIES[2], 9)

    assert third.status == Status.PENDING
    assert "mirip 2 komentar lain dalam 24 jam" in reason_texts(third)


def test_the_reason_is_shown_in_the_moderators_language(article, spam_filter):
    submit(article, COPIES[0], 1)
    second = submit(article, COPIES[1], 2)

    with translation.override("en"):
        texts = reason_texts(second)

    assert "similar to 1 other comment within 24 hours" in texts


def test_short_comments_that_are_alike_are_not_grouped(article, spam_filter):
    submit(article, "Mantap pak, terima kasih infonya", 1)
    second = submit(article, "Mantap pak, terima kasih infonya ya", 2)

    assert second.status == Status.PUBLISHED
    assert second.campaign == ""
    assert not CampaignSignature.objects.exists()


def test_the_same_author_repeating_is_not_a_campaign(
    article, other_article, spam_filter
):
    submit(article, COPIES[0], 1)
    again = submit(other_article, COPIES[1], 1)

    assert again.status == Status.PUBLISHED


def test_different_texts_are_not_grouped(article, spam_filter):
    submit(article, COPIES[0], 1)
    other = submit(article, GENUINE, 2)

    assert other.status == Status.PUBLISHED
    assert other.campaign == ""


def test_copies_further_apart_than_the_window_are_not_grouped(
    article, spam_filter, settings
):
    settings.WARTA_COMMENTS_CAMPAIGN_WINDOW_HOURS = 6
    submit(article, COPIES[0], 1, submitted_at=timezone.now() - dt.timedelta(hours=7))

    later = submit(article, COPIES[1], 2)

    assert later.status == Status.PUBLISHED


def test_k_other_authors_are_needed_before_holding(article, spam_filter, settings):
    settings.WARTA_COMMENTS_CAMPAIGN_MIN_OTHERS = 2
    submit(article, COPIES[0], 1)
    second = submit(article, COPIES[1], 2)
    third = submit(article, COPIES[2], 3)

    assert second.status == Status.PUBLISHED
    assert third.status == Status.PENDING


def test_a_copy_of_what_a_moderator_marked_spam_is_spam_even_weeks_later(
    article, spam_filter, moderator
):
    month_ago = timezone.now() - dt.timedelta(days=30)
    labelled = submit(article, COPIES[0], 1, submitted_at=month_ago)
    services.mark_spam(labelled, moderator=moderator)

    copy = submit(article, COPIES[1], 2)

    assert copy.status == Status.SPAM
    assert "mirip komentar yang ditandai spam oleh moderator" in reason_texts(copy)


def test_a_copy_of_what_a_moderator_published_is_left_to_the_model(
    article, spam_filter, moderator
):
    first = submit(article, COPIES[0], 1)
    second = submit(article, COPIES[1], 2)
    services.mark_not_spam(second, moderator=moderator)

    third = submit(article, COPIES[2], 3)

    assert first.status == Status.PUBLISHED
    assert third.status == Status.PUBLISHED


def test_the_model_spam_stays_spam_in_a_group(article, spam_filter):
    submit(article, COPIES[0], 1)
    spam_filter.probability = 0.95

    second = submit(article, COPIES[1], 2)

    assert second.status == Status.SPAM
    assert second.campaign


def test_one_decision_on_the_group_takes_down_the_published_first_copy(
    article, other_article, spam_filter, moderator
):
    first = submit(article, COPIES[0], 1)
    second = submit(other_article, COPIES[1], 2)
    third = submit(article, COPIES[2], 3)

    group = list(moderation.run_of(third))
    count, batch = services.decide_many(group, "spam", moderator=moderator)

    assert count == 3
    assert set(
        Comment.objects.filter(status=Status.SPAM).values_list("pk", flat=True)
    ) == {first.pk, second.pk, third.pk}
    labels = ModerationEvent.objects.filter(batch=batch, actor=moderator)
    assert labels.count() == 3


def test_the_queue_shows_a_group_once_with_its_size(
    article, other_article, spam_filter, moderator_client, django_assert_max_num_queries
):
    for n, body in enumerate(COPIES):
        submit(other_article if n % 2 else article, body, n)
    lone = make_held_comment(article, body="Kapan jadwal vaksin di kelurahan kami?")

    with django_assert_max_num_queries(40):
        response = moderator_client.get(reverse("komentar:index"))

    rows = response.context["object_list"]
    held_copies = Comment.objects.held().exclude(campaign="")
    assert held_copies.count() == 2
    assert {c.pk for c in rows} == {held_copies.last().pk, lone.pk}
    assert "3 komentar serupa" in response.content.decode()


def test_deciding_a_groups_row_in_bulk_decides_the_group(
    article, spam_filter, moderator_client
):
    for n, body in enumerate(COPIES):
        submit(article, body, n)
    row = Comment.objects.held().order_by("pk").last()

    url = (
        reverse("wagtail_bulk_action", args=("comments", "comment", "spam"))
        + f"?id={row.pk}&next={reverse('komentar:index')}"
    )
    moderator_client.post(url)

    assert Comment.objects.spam().count() == 3


def test_prune_keeps_held_and_labelled_and_forgets_the_rest(
    article, spam_filter, moderator
):
    old = timezone.now() - dt.timedelta(days=3)
    published = submit(article, COPIES[0], 1, submitted_at=old)
    held = submit(article, COPIES[1], 2, submitted_at=old)
    labelled = submit(article, COPIES[2], 3, submitted_at=old)
    services.mark_spam(labelled, moderator=moderator)
    assert (published.status, held.status) == (Status.PUBLISHED, Status.PENDING)

    assert campaigns.prune() == 1

    kept = set(CampaignSignature.objects.values_list("pk", flat=True))
    assert kept == {held.pk, labelled.pk}
    assert set(CampaignBand.objects.values_list("signature_id", flat=True)) == kept


def test_a_decision_on_a_groups_row_covers_the_group(
    article, spam_filter, moderator_client
):
    for n, body in enumerate(COPIES):
        submit(article, body, n)
    row = Comment.objects.held().order_by("pk").last()
    queue = reverse("komentar:index")

    page = moderator_client.get(queue).content.decode()
    response = moderator_client.post(
        reverse("komentar:decide", args=[row.pk]) + f"?group=1&next={queue}",
        {"decision": "reject"},
    )

    assert f"{reverse('komentar:decide', args=[row.pk])}?group=1&amp;" in page
    assert response.status_code == 302
    assert Comment.objects.filter(status=Status.REJECTED).count() == 3


def test_a_decision_without_the_group_flag_covers_one_comment(
    article, spam_filter, moderator_client
):
    for n, body in enumerate(COPIES):
        submit(article, body, n)
    row = Comment.objects.held().order_by("pk").last()

    moderator_client.post(
        reverse("komentar:decide", args=[row.pk]), {"decision": "reject"}
    )

    assert list(Comment.objects.filter(status=Status.REJECTED)) == [row]


def test_the_migration_resigns_stored_signatures_with_the_running_family(
    article, spam_filter
):
    import importlib

    from django.apps import apps

    first = submit(article, COPIES[0], 1)
    signature = spamfilter.campaign_signature(first.body)
    CampaignSignature.objects.filter(pk=first.pk).update(values=bytes(240))
    CampaignBand.objects.filter(signature_id=first.pk).update(band=0)
    migration = importlib.import_module("comments.migrations.0008_resign_campaigns")

    migration.resign(apps, None)

    assert bytes(CampaignSignature.objects.get(pk=first.pk).values) == signature.values
    stored = CampaignBand.objects.filter(signature_id=first.pk)
    assert sorted(stored.values_list("band", flat=True)) == sorted(signature.bands)
    second = submit(article, COPIES[1], 2)
    assert second.status == Status.PENDING


def test_the_look_up_reads_only_the_newest_comments_of_each_band_key(
    article, spam_filter, monkeypatch
):
    monkeypatch.setattr(campaigns, "ROWS_PER_BAND", 2)
    campaigns._find_sql.cache_clear()
    try:
        copies = [submit(article, COPIES[0], n) for n in range(4)]
        signature = spamfilter.campaign_signature(COPIES[0])

        found = campaigns.find(signature, now=timezone.now())
    finally:
        campaigns._find_sql.cache_clear()

    assert sorted(m.pk for m in found) == sorted(c.pk for c in copies[-2:])
    assert all(m.similarity == 1.0 for m in found)


def test_what_runs_meanwhile_runs_once_and_the_rows_are_read_after_it(
    article, spam_filter
):
    copies = [submit(article, COPIES[n], n) for n in range(3)]
    signature = spamfilter.campaign_signature(COPIES[0])
    calls = []

    found = campaigns.find(
        signature, now=timezone.now(), meanwhile=lambda: calls.append("meanwhile")
    )

    assert calls == ["meanwhile"]
    assert sorted(m.pk for m in found) == sorted(c.pk for c in copies)


@pytest.mark.postgres
def test_on_postgresql_the_statement_is_sent_before_what_runs_meanwhile(
    article, spam_filter
):
    import psycopg
    from django.db import connection

    copies = [submit(article, COPIES[n], n) for n in range(3)]
    signature = spamfilter.campaign_signature(COPIES[0])
    states = []

    def meanwhile() -> None:
        states.append(connection.connection.pgconn.pipeline_status)

    found = campaigns.find(signature, now=timezone.now(), meanwhile=meanwhile)

    # Sent in pipeline mode, the rows not read yet; then back to normal mode
    # for the queries that follow.
    assert states == [psycopg.pq.PipelineStatus.ON]
    assert sorted(m.pk for m in found) == sorted(c.pk for c in copies)
    assert connection.connection.pgconn.pipeline_status == psycopg.pq.PipelineStatus.OFF
    assert Comment.objects.count() == 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_failing_look_up_on_postgresql_raises_django_s_error_and_leaves_it_usable():
    from django.db import DataError, connection

    with pytest.raises(DataError):
        campaigns._fetch("SELECT 1 / %s", [0], lambda: None)

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


@pytest.mark.postgres
def test_the_look_up_is_prepared_once_per_connection_on_postgresql(
    article, spam_filter
):
    from django.db import connection

    copies = [submit(article, COPIES[n], n) for n in range(3)]
    signature = spamfilter.campaign_signature(COPIES[0])

    found = [campaigns.find(signature, now=timezone.now()) for _ in range(3)]

    assert all(sorted(m.pk for m in f) == sorted(c.pk for c in copies) for f in found)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans + custom_plans FROM pg_prepared_statements"
            " WHERE statement LIKE %s",
            ["%comments_campaignband%"],
        )
        executions = [row[0] for row in cursor.fetchall()]
    # One statement; the three look-ups above and the copies' own screenings
    # ran it (prepare=True is ignored while Django's threshold is None).
    assert len(executions) == 1 and executions[0] >= 3


@pytest.mark.postgres
def test_on_postgresql_a_ready_filter_scores_while_the_statement_is_on_the_server(
    article, spam_filter, monkeypatch, settings
):
    import psycopg
    from django.db import connection

    settings.WARTA_COMMENTS_SCREENING_TIMEOUT = 2.0
    monkeypatch.setattr(spamfilter, "ready", lambda: True)
    fake = spamfilter.score
    states = []

    def scoring(text):
        states.append(connection.connection.pgconn.pipeline_status)
        return fake(text)

    monkeypatch.setattr(spamfilter, "score", scoring)

    for n in range(2):
        services.accept_comment(
            Comment(
                article=article,
                body=COPIES[n],
                name=f"Pengirim {n}",
                email=f"pengirim{n}@example.com",
                ip_hash=f"{n:064d}",
            ),
            screening_timeout=None,  # the site's time limit, as a request has
        )
    second = Comment.objects.order_by("pk").last()

    assert states == [psycopg.pq.PipelineStatus.ON] * 2
    assert second.status == Status.PENDING
