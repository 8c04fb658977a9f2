"""The moderation queue in the Wagtail admin: who reaches it and what it shows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment, Status
from tests.factories import make_held_comment, reason

pytestmark = pytest.mark.django_db

QUEUE = "/admin/komentar/"


def test_anonymous_visitor_is_sent_to_the_admin_login(client):
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))


def test_reader_without_admin_access_is_refused(client, reader):
    client.force_login(reader)
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))


def test_humas_staff_cannot_open_the_queue(client, humas):
    client.force_login(humas)
    response = client.get(QUEUE)
    # Wagtail turns PermissionDenied into a redirect to the dashboard with a message.
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    assert (
        client.get(QUEUE, headers={"x-requested-with": "XMLHttpRequest"}).status_code
        == 403
    )


@pytest.mark.parametrize("path", ["spam/", "blokir/", "filter/", "spam/kosongkan/"])
def test_humas_staff_cannot_open_any_moderation_page(client, humas, path):
    client.force_login(humas)
    assert client.get(QUEUE + path).url == reverse("wagtailadmin_home")


def test_humas_staff_cannot_decide_by_posting(client, humas, article):
    comment = make_held_comment(article)
    client.force_login(humas)
    client.post(reverse("komentar:decide", args=[comment.pk]), {"decision": "publish"})
    assert Comment.objects.get(pk=comment.pk).status == Status.PENDING


def test_humas_staff_granted_the_permission_can_moderate(client, humas):
    from django.contrib.auth.models import Permission

    humas.user_permissions.add(Permission.objects.get(codename="moderate_comment"))
    client.force_login(humas)
    assert client.get(QUEUE).status_code == 200


def test_moderator_opens_the_queue(moderator_client):
    assert moderator_client.get(QUEUE).status_code == 200


def test_superuser_opens_the_queue(client, superuser):
    client.force_login(superuser)
    assert client.get(QUEUE).status_code == 200


def test_queue_shows_held_comment_with_reasons_highlighted_and_the_article(
    moderator_client, article
):
    make_held_comment(
        article,
        body="Info slot gacor hari ini di bit.ly/xyz",
        reasons=[
            reason('kata "slot gacor"', "slot gacor"),
            reason("tautan ke domain bit.ly", "bit.ly", code="links"),
        ],
        spam_probability=0.71,
    )
    html = moderator_client.get(QUEUE).content.decode()
    assert '<mark class="reason">slot gacor</mark>' in html
    assert '<mark class="reason">bit.ly</mark>' in html
    assert ">tautan ke domain bit.ly</a>" in html  # the reason's text, not its JSON
    assert "&#x27;code&#x27;" not in html
    assert article.title in html
    # The article column is its title: the lead made every row a screen tall.
    assert article.lead not in html
    assert "71,0 %" in html


def test_reasons_saved_as_prose_before_they_were_structured_still_show(
    moderator_client, article
):
    make_held_comment(article, body="Cek bit.ly/abc", reasons=["tautan: bit.ly"])
    html = moderator_client.get(QUEUE).content.decode()
    assert ">tautan: bit.ly</a>" in html


def test_held_comments_come_before_spam_and_others_stay_out(moderator_client, article):
    spam = make_held_comment(
        article, status=Status.SPAM, body="spam dulu", submitted_at=timezone.now()
    )
    held = make_held_comment(
        article,
        body="ditahan belakangan",
        submitted_at=timezone.now() - dt.timedelta(days=1),
    )
    published = make_held_comment(article, status=Status.PUBLISHED, body="sudah terbit")
    rows = list(moderator_client.get(QUEUE).context["object_list"])
    assert rows == [held, spam]
    assert published not in rows


def test_queue_shows_each_commenters_track_record(moderator_client, article):
    for _ in range(3):
        make_held_comment(article, status=Status.PUBLISHED, email="ani@example.id")
    make_held_comment(article, status=Status.SPAM, email="ani@example.id")
    held = make_held_comment(article, email="ani@example.id")
    rows = moderator_client.get(QUEUE + "?status=pending").context["object_list"]
    row = next(r for r in rows if r.pk == held.pk)
    assert (row.track_published, row.track_spam) == (3, 1)


def test_filters_by_status_article_score_reason_and_date(
    moderator_client, article, other_article
):
    low = make_held_comment(
        article,
        spam_probability=0.2,
        reasons=[reason("berbahasa Inggris", code="english")],
    )
    high = make_held_comment(
        article,
        spam_probability=0.8,
        reasons=[reason("tautan ke domain bit.ly", "bit.ly")],
    )
    elsewhere = make_held_comment(other_article, spam_probability=0.5)
    old = make_held_comment(
        article, submitted_at=timezone.now() - dt.timedelta(days=30)
    )
    spam = make_held_comment(article, status=Status.SPAM, spam_probability=0.99)

    def ids(query):
        return {
            c.pk for c in moderator_client.get(QUEUE + query).context["object_list"]
        }

    assert ids("?status=spam") == {spam.pk}
    assert ids(f"?article={other_article.pk}") == {elsewhere.pk}
    assert ids("?score_min=70&score_max=90") == {high.pk}
    assert ids("?reason=bit.ly") == {high.pk}
    since = (timezone.now() - dt.timedelta(days=7)).date().isoformat()
    assert old.pk not in ids(f"?submitted_at_from={since}")
    assert low.pk in ids(f"?submitted_at_from={since}")


def test_search_finds_text_name_and_email(moderator_client, article):
    hit = make_held_comment(article, body="Lampu jalan mati di Jalan Andi Djemma")
    make_held_comment(article, body="Terima kasih atas infonya")
    rows = moderator_client.get(QUEUE + "?q=andi+djemma").context["object_list"]
    assert [c.pk for c in rows] == [hit.pk]


def test_sorting_by_spam_probability_and_by_uncertainty(moderator_client, article):
    # Default thresholds: hold 0.5, spam 0.9.
    a = make_held_comment(article, spam_probability=0.55)
    b = make_held_comment(article, spam_probability=0.7)
    c = make_held_comment(article, spam_probability=0.88)
    by_score = moderator_client.get(QUEUE + "?ordering=-spam_probability")
    assert [r.pk for r in by_score.context["object_list"]] == [c.pk, b.pk, a.pk]
    by_doubt = moderator_client.get(QUEUE + "?ordering=uncertainty")
    assert [r.pk for r in by_doubt.context["object_list"]] == [c.pk, a.pk, b.pk]


def test_the_spam_folder_lists_only_spam(moderator_client, article):
    spam = make_held_comment(article, status=Status.SPAM)
    make_held_comment(article)
    rows = moderator_client.get(QUEUE + "spam/").context["object_list"]
    assert [r.pk for r in rows] == [spam.pk]


def test_menu_label_counts_held_comments(moderator_client, article):
    for _ in range(3):
        make_held_comment(article)
    make_held_comment(article, status=Status.SPAM)
    html = moderator_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Komentar (3)" in html
    assert "Antrean (3)" in html


def test_menu_is_hidden_from_humas(client, humas, article):
    make_held_comment(article)
    client.force_login(humas)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Antrean" not in html


def test_dashboard_panel_shows_held_published_caught_and_overruled(
    moderator_client, moderator, article
):
    from comments import services

    make_held_comment(article)
    make_held_comment(article)
    binned = make_held_comment(article, status=Status.PENDING)
    services.transition(binned, Status.SPAM)  # the filter bins it
    services.mark_not_spam(binned, moderator=moderator)  # the moderator overrules
    held = make_held_comment(article)
    services.publish(held, moderator=moderator)  # agrees: not an overrule
    response = moderator_client.get(reverse("wagtailadmin_home"))
    html = response.content.decode()
    assert 'data-stat="held">2<' in html
    assert 'data-stat="published">2<' in html
    assert 'data-stat="caught_spam">1<' in html
    assert "1 kali dari 2 keputusan (50%)" in html


def _held(article, n):
    rows = [
        Comment(
            article=article,
            name=f"Pengirim {i}",
            email=f"p{i % 500}@example.id",
            body=f"Komentar massal {i} dengan tautan ke contoh.example",
            status=Status.PENDING,
            spam_probability=(i % 100) / 100,
            reasons=[reason("tautan ke domain contoh.example", "contoh.example")],
            fingerprint=f"fp{i % 40}",
            submitted_at=timezone.now() - dt.timedelta(seconds=i),
        )
        for i in range(n)
    ]
    Comment.objects.bulk_create(rows, batch_size=1000)


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "query", ["", "?ordering=uncertainty", "?ordering=-spam_probability&p=3"]
)
def test_queue_pages_through_5000_held_comments_in_constant_queries(
    moderator_client, article, django_assert_num_queries, query
):
    _held(article, 50)
    moderator_client.get(QUEUE + query)  # warm the per-process caches
    small = _queries(moderator_client, QUEUE + query.replace("p=3", "p=1"))
    _held(article, 4950)
    with django_assert_num_queries(small):
        response = moderator_client.get(QUEUE + query)
    assert len(response.context["object_list"]) == 50
    assert response.context["paginator"].count == 5000


def test_dashboard_panel_without_decisions_says_so_instead_of_zero_percent(
    moderator_client,
):
    html = moderator_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Belum ada keputusan moderator dalam 7 hari terakhir." in html
    assert "(0%)" not in html
