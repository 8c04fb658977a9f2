"""What readers see: published comments, replies one level deep, dates, pages."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from comments.models import Comment, Status
from tests.factories import comment_form_data, make_article, make_comment

pytestmark = pytest.mark.django_db

WIB = dt.timezone(dt.timedelta(hours=7))


def test_published_comment_shows_name_and_indonesian_date_and_time(client, article):
    make_comment(
        article,
        name="Andi",
        body="Mantap!",
        submitted_at=dt.datetime(
            2017, 6, 8, 9, 49, 58, tzinfo=ZoneInfo("Asia/Makassar")
        ),
    )

    html = client.get(article.url).content.decode()

    assert '<strong class="comment-author">Andi</strong>' in html
    assert "08 Juni 2017 - 09:49 WITA" in html
    assert "1 Komentar" in html


def test_a_wib_time_is_shown_in_wita(client, article):
    make_comment(article, submitted_at=dt.datetime(2017, 6, 8, 9, 49, tzinfo=WIB))

    html = client.get(article.url).content.decode()

    assert "08 Juni 2017 - 10:49 WITA" in html


@pytest.mark.parametrize("status", [Status.PENDING, Status.SPAM, Status.REJECTED])
def test_unpublished_comments_are_not_shown(client, article, status):
    make_comment(article, status=status, body=f"Tidak tampil {status}")

    html = client.get(article.url).content.decode()

    assert f"Tidak tampil {status}" not in html
    assert "0 Komentar" in html


def test_replies_are_nested_under_their_comment(client, article):
    top = make_comment(article, body="Kapan dibuka?")
    make_comment(article, parent=top, body="Besok pagi, Pak.")
    make_comment(article, parent=top, status=Status.PENDING, body="Belum terbit")

    html = client.get(article.url).content.decode()

    thread = html[html.index(f'id="komentar-{top.pk}"') :]
    assert re.search(r'class="comment-replies".*Besok pagi, Pak\.', thread, re.S)
    assert "Belum terbit" not in html
    assert "2 Komentar" in html


def test_reply_through_the_form_attaches_to_the_comment(client, article, spam_filter):
    top = make_comment(article)

    client.post(
        "/komentar/kirim/", comment_form_data(article, parent=top.pk, body="Setuju.")
    )

    reply = Comment.objects.get(body="Setuju.")
    assert reply.parent == top


def test_reply_to_a_reply_attaches_to_the_top_level_comment(
    client, article, spam_filter
):
    top = make_comment(article)
    reply = make_comment(article, parent=top)

    client.post(
        "/komentar/kirim/", comment_form_data(article, parent=reply.pk, body="Ikut.")
    )

    assert Comment.objects.get(body="Ikut.").parent == top


def test_reply_to_an_unpublished_or_foreign_comment_is_refused(
    client, article, other_article, spam_filter
):
    held = make_comment(article, status=Status.PENDING)
    foreign = make_comment(other_article)

    for parent in (held, foreign):
        response = client.post(
            "/komentar/kirim/", comment_form_data(article, parent=parent.pk)
        )
        assert response.status_code == 400
        assert "tidak ditemukan" in response.content.decode()


def test_balas_link_prefills_the_reply_target(client, article):
    top = make_comment(article, name="Budi")

    html = client.get(f"{article.url}?balas={top.pk}").content.decode()

    assert f'href="?balas={top.pk}#form-komentar"' in html
    assert "Membalas komentar Budi." in html
    assert f'name="parent" value="{top.pk}"' in html


def test_long_threads_are_paginated_with_komentar_links(client, article, settings):
    settings.WARTA_COMMENTS_PER_PAGE = 5
    for n in range(12):
        make_comment(article, body=f"Nomor {n:02d} di utas ini")

    first = client.get(article.url).content.decode()
    last = client.get(f"{article.url}?komentar=3").content.decode()

    assert "Nomor 00 di utas ini" in first and "Nomor 05 di utas ini" not in first
    assert 'href="?komentar=2#komentar"' in first
    assert "Halaman 1 dari 3" in first
    assert "Nomor 11 di utas ini" in last and "Nomor 00 di utas ini" not in last


def render_block(article, query=""):
    request = RequestFactory().get(f"/{query}")
    template = Template("{% load comments_tags %}{% comments_block article %}")
    return template.render(Context({"article": article, "request": request}))


def fill(article, top_level: int, replies_each: int):
    for _ in range(top_level):
        top = make_comment(article)
        for _ in range(replies_each):
            make_comment(article, parent=top)


def queries_for(article) -> int:
    with CaptureQueriesContext(connection) as captured:
        render_block(article)
    return len(captured)


def test_300_comments_cost_as_many_queries_as_3(news_home, django_assert_num_queries):
    _, index = news_home
    small, large = make_article(index), make_article(index)
    fill(small, 3, 0)
    fill(large, 100, 2)  # 300 published comments in threads
    assert Comment.objects.filter(article=large).count() == 300

    with django_assert_num_queries(2):  # no replies: no query for them
        small_html = render_block(small)
    with django_assert_num_queries(3):
        large_html = render_block(large)

    assert small_html.count('class="comment"') == 3
    assert large_html.count('class="comment"') == 20
    assert large_html.count('class="comment comment-reply"') == 40


def test_whole_article_page_costs_the_same_with_3_or_300_comments(client, news_home):
    _, index = news_home
    small, large = make_article(index), make_article(index)
    fill(small, 3, 1)  # replies on both: a thread without any skips their query
    fill(large, 150, 1)
    client.get(small.url)
    cache.clear()  # the comment lists rendered afresh
    client.get(news_home[0].url)  # warm Wagtail's site-root cache again

    with CaptureQueriesContext(connection) as few:
        client.get(small.url)
    with CaptureQueriesContext(connection) as many:
        client.get(large.url)
    # And again, each comment list now from the fragment cache.
    with CaptureQueriesContext(connection) as few_again:
        client.get(small.url)
    with CaptureQueriesContext(connection) as many_again:
        client.get(large.url)

    assert len(few) == len(many)
    # Not read again: the page of comments and its replies (the fragment), the
    # article's categories and tags (news.related).
    assert len(few_again) == len(many_again) == len(few) - 4


def test_article_cards_show_counts_with_one_query_per_listing(client, news_home):
    home, index = news_home
    articles = [make_article(index) for _ in range(6)]
    for n, article in enumerate(articles):
        for _ in range(n):
            make_comment(article)
    make_comment(articles[0], status=Status.SPAM)
    client.get(home.url)

    with CaptureQueriesContext(connection) as listing:
        html = client.get(index.url).content.decode()
    count_queries = [q for q in listing if "comments_comment" in q["sql"]]

    assert len(count_queries) == 1
    counts = re.findall(r'class="comment-count">(\d+) komentar', html)
    assert sorted(map(int, counts)) == [0, 1, 2, 3, 4, 5]


def test_card_counts_on_the_home_page_are_one_query_too(client, news_home):
    home, index = news_home
    for _ in range(5):
        make_comment(make_article(index))

    with CaptureQueriesContext(connection) as listing:
        client.get(home.url)

    assert len([q for q in listing if "comments_comment" in q["sql"]]) == 1


def test_each_comment_reports_through_the_one_form_of_the_thread(client, article):
    first, second = make_comment(article), make_comment(article)
    html = client.get(article.url).content.decode()

    report_form = r'<form id="lapor-komentar" method="post" hidden>(.*?)</form>'
    forms = re.findall(report_form, html)
    assert len(forms) == 1 and 'name="csrfmiddlewaretoken"' in forms[0]
    for comment in (first, second):
        assert (
            f'form="lapor-komentar" formaction="/komentar/{comment.pk}/laporkan/"'
            in html
        )


def _comment_list(html: str) -> str:
    return re.search(r'<ol class="comment-list">.*?</ol>', html, re.S).group(0)


def _comment_queries(client, url) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    return html, sum('FROM "comments_comment"' in q["sql"] for q in queries)


def test_a_published_comment_shows_on_the_next_render_of_a_cached_comment_list(
    client, article, django_user_model
):
    """The comment list is rendered once per change of the thread: the next
    uncached GET after a publish, a hide or a new comment shows the change."""
    from comments import services
    from tests.factories import make_held_comment, make_user

    moderator = make_user(django_user_model, "moderator_fragmen")
    make_comment(article, body="Komentar pertama yang sudah terbit.")
    held = make_held_comment(article, body="Komentar yang menunggu moderasi.")
    url = f"{article.url}?uji=tanpa-cache-halaman"
    first, first_queries = _comment_queries(client, url)
    again, again_queries = _comment_queries(client, url)
    assert _comment_list(again) == _comment_list(first)
    assert again_queries == first_queries - 1  # the list came from the cache
    assert "Komentar yang menunggu moderasi." not in again

    services.publish(held, moderator=moderator)
    html = client.get(url).content.decode()
    assert "Komentar yang menunggu moderasi." in html
    assert "2 Komentar" in html

    services.reject(held, moderator=moderator)
    html = client.get(url).content.decode()
    assert "Komentar yang menunggu moderasi." not in html
    assert "1 Komentar" in html

    make_comment(article, body="Komentar tanpa riwayat, dari impor.")
    assert "Komentar tanpa riwayat, dari impor." in client.get(url).content.decode()
