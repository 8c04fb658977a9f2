"""Readers report (laporkan) published comments; enough reports send one back."""

from __future__ import annotations

import pytest
from django.test import Client

from comments.models import Comment, CommentPolicy, ModerationEvent, Status
from comments.services import publish
from tests.factories import make_comment

pytestmark = pytest.mark.django_db


def report(client, comment, ip="198.51.100.1", **extra):
    return client.post(
        f"/komentar/{comment.pk}/laporkan/", REMOTE_ADDR=ip, follow=True, **extra
    )


def test_report_is_thanked_and_counted(client, article):
    comment = make_comment(article)

    response = report(client, comment)

    assert "Terima kasih, laporan Anda sudah kami terima." in response.content.decode()
    comment.refresh_from_db()
    assert comment.report_count == 1
    assert comment.status == Status.PUBLISHED


def test_one_report_per_address_per_comment(client, article):
    comment = make_comment(article)
    report(client, comment)

    response = report(client, comment)

    assert "Anda sudah melaporkan komentar ini." in response.content.decode()
    comment.refresh_from_db()
    assert comment.report_count == 1


def test_reports_reaching_the_threshold_send_the_comment_back_to_the_queue(
    client, article
):
    policy = CommentPolicy.for_site(article.get_site())
    policy.report_threshold = 2
    policy.save()
    comment = make_comment(article, body="Komentar yang dipersoalkan")

    report(client, comment, ip="198.51.100.1")
    report(client, comment, ip="198.51.100.2")

    comment.refresh_from_db()
    assert comment.status == Status.PENDING
    event = ModerationEvent.objects.filter(comment=comment).last()
    assert event.note == "dilaporkan 2 kali oleh pembaca"
    assert event.actor is None
    assert "Komentar yang dipersoalkan" not in client.get(article.url).content.decode()


def test_after_a_moderator_republishes_only_new_reports_count(
    client, article, django_user_model
):
    policy = CommentPolicy.for_site(article.get_site())
    policy.report_threshold = 2
    policy.save()
    comment = make_comment(article)
    report(client, comment, ip="198.51.100.1")
    report(client, comment, ip="198.51.100.2")
    moderator = django_user_model.objects.create_user("moderator")
    publish(Comment.objects.get(pk=comment.pk), moderator=moderator)

    report(client, comment, ip="198.51.100.3")

    comment.refresh_from_db()
    assert comment.status == Status.PUBLISHED
    report(client, comment, ip="198.51.100.4")
    comment.refresh_from_db()
    assert comment.status == Status.PENDING


def test_reports_are_rate_limited_per_address(client, article, settings):
    settings.WARTA_COMMENTS_REPORT_RATE_LIMIT = 2
    comments = [make_comment(article) for _ in range(3)]

    for comment in comments[:2]:
        report(client, comment)
    response = report(client, comments[2])

    assert "Terlalu banyak laporan." in response.content.decode()
    assert Comment.objects.get(pk=comments[2].pk).report_count == 0


def test_only_published_comments_can_be_reported(client, article):
    held = make_comment(article, status=Status.PENDING)

    assert client.post(f"/komentar/{held.pk}/laporkan/").status_code == 404


def test_report_needs_the_csrf_token(article):
    comment = make_comment(article)

    response = Client(enforce_csrf_checks=True).post(
        f"/komentar/{comment.pk}/laporkan/"
    )

    assert response.status_code == 403


def test_every_published_comment_has_a_laporkan_button(client, article):
    comment = make_comment(article)

    html = client.get(article.url).content.decode()

    assert f'action="/komentar/{comment.pk}/laporkan/"' in html
    assert "Laporkan" in html
