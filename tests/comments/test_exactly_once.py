"""A signed comment form is taken exactly once (comments.stamps).

Run on SQLite and on PostgreSQL (scripts/test runs the suite on both).
"""

from __future__ import annotations

import concurrent.futures
import threading

import pytest
from django.db import OperationalError, connection, connections
from django.test import Client

from comments import services, stamps
from comments.forms import CommentForm
from comments.models import Comment, Status
from comments.privacy import RequestInfo
from tests.factories import comment_form_data

pytestmark = pytest.mark.django_db

TEXT = "Mohon jadwal pelayanan keliling diumumkan di kelurahan."
RELOAD = "Formulir ini sudah dipakai untuk komentar lain."


def post(client: Client, data: dict):
    return client.post("/komentar/kirim/", data, HTTP_USER_AGENT="Firefox")


def messages_of(client: Client, response) -> str:
    return client.get(response["Location"]).content.decode()


def test_the_same_form_posted_again_creates_nothing_and_says_it_was_received(
    article, spam_filter, comment_settings
):
    data = comment_form_data(article, body=TEXT)
    client = Client()
    first = post(client, data)
    assert first.status_code == 302
    client.get(first["Location"])  # the reader sees the first message
    again = post(client, data)
    assert again.status_code == 302
    page = messages_of(client, again)
    assert "Komentar Anda sudah kami terima dan sudah terbit." in page
    assert Comment.objects.count() == 1


def test_a_held_comment_posted_again_is_said_to_be_waiting(
    article, spam_filter, comment_settings
):
    spam_filter.probability = 0.7
    data = comment_form_data(article, body=TEXT)
    client = Client()
    client.get(post(client, data)["Location"])
    page = messages_of(client, post(client, data))
    assert "Komentar Anda sudah kami terima dan menunggu moderasi." in page
    assert list(Comment.objects.values_list("status", flat=True)) == [Status.PENDING]


def test_one_form_posted_with_three_texts_publishes_only_the_first(
    article, spam_filter, comment_settings
):
    data = comment_form_data(article, body=TEXT)
    client = Client()
    assert post(client, data).status_code == 302
    for other in ("Teks kedua yang lain sama sekali.", "Teks ketiga, juga lain."):
        response = post(client, {**data, "body": other})
        assert response.status_code == 400
        html = response.content.decode()
        assert RELOAD in html
        assert other in html  # the reader's text stays in the form
    assert list(Comment.objects.values_list("body", flat=True)) == [TEXT]


def test_a_fresh_form_takes_the_other_text(article, spam_filter, comment_settings):
    client = Client()
    post(client, comment_form_data(article, body=TEXT))
    response = post(client, comment_form_data(article, body="Teks kedua, form baru."))
    assert response.status_code == 302
    assert Comment.objects.count() == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_retry_after_a_lost_response_answers_with_the_first_outcome(
    article, spam_filter, comment_settings, monkeypatch
):
    """The commit reached the database, then the connection broke before the
    answer: the reader is told "coba lagi" although the comment is saved, and
    its screening (after the response) never runs.

    A real commit (``transaction=True``), on SQLite and on PostgreSQL.
    """
    spam_filter.probability = 0.7  # held: the first outcome the retry reports
    data = comment_form_data(article, body=TEXT)
    real_commit = connection.commit
    commits = []

    def commit_then_lose_the_connection():
        real_commit()
        commits.append(1)
        raise OperationalError("server closed the connection unexpectedly")

    client = Client()
    with monkeypatch.context() as patched:
        patched.setattr(connection, "commit", commit_then_lose_the_connection)
        lost = post(client, data)
    assert lost.status_code == 503
    assert "coba lagi" in lost.content.decode().lower()
    assert commits == [1]
    assert Comment.objects.count() == 1  # saved, although the reader was not told
    # Saved, but its screening (after the response) never ran: held.
    assert services.awaiting_screening(Comment.objects.get())
    retry = post(client, data)
    assert retry.status_code == 302
    assert "Komentar Anda sudah kami terima dan sedang diperiksa." in messages_of(
        client, retry
    )
    # The retry finished the job: screened (held, p = 0.7), still one comment.
    comment = Comment.objects.get()
    assert comment.status == Status.PENDING
    assert not services.awaiting_screening(comment)
    assert comment.spam_probability == pytest.approx(0.7)


def test_the_stamp_is_unique_in_the_database_so_a_racing_post_answers_as_a_repeat(
    article, spam_filter, comment_settings, monkeypatch
):
    """Both posts passed the checks before either saved: the constraint decides."""
    data = comment_form_data(article, body=TEXT)
    first = CommentForm(article, data=data)
    assert first.is_valid()
    info = RequestInfo(ip_hash="a" * 64, user_agent="Firefox")
    earlier = services.submit_comment(first.get_comment(), request_info=info).comment
    second = CommentForm(article, data=data)
    assert second.is_valid()
    looked = []
    real_lookup = stamps.earlier_comment

    def spy(comment):
        looked.append(comment)
        return real_lookup(comment)

    monkeypatch.setattr(stamps, "earlier_comment", spy)
    # The guards can miss a racing post (the first not yet committed, another
    # process's cache): the constraint must hold without them.
    monkeypatch.setattr(services, "claim_unique_text", lambda comment: None)
    answer = services.submit_comment(second.get_comment(), request_info=info)
    assert answer.repeated and answer.comment == earlier
    assert len(looked) == 1  # only once the constraint refused the row
    assert Comment.objects.count() == 1


def test_a_first_post_does_not_look_its_stamp_up(
    article, spam_filter, comment_settings, monkeypatch
):
    """The guards and the constraint stop a repeat; a first post (nearly every
    post) spends no query on its stamp."""
    monkeypatch.setattr(stamps, "earlier_comment", _never)
    form = CommentForm(article, data=comment_form_data(article, body=TEXT))
    assert form.is_valid()
    info = RequestInfo(ip_hash="a" * 64, user_agent="Firefox")
    answer = services.submit_comment(form.get_comment(), request_info=info)
    assert answer.accepted and not answer.repeated


def _never(comment):
    raise AssertionError("a first post looked its stamp up")


def test_a_repeat_refused_by_the_rate_limit_is_answered_as_the_same_submission(
    article, spam_filter, comment_settings
):
    comment_settings.WARTA_COMMENTS_RATE_LIMIT = 1
    data = comment_form_data(article, body=TEXT)
    client = Client()
    client.get(post(client, data)["Location"])
    again = post(client, data)
    assert again.status_code == 302
    assert "Komentar Anda sudah kami terima dan sudah terbit." in messages_of(
        client, again
    )
    assert Comment.objects.count() == 1


def test_a_double_click_refused_as_duplicate_is_answered_as_the_same_submission(
    article, spam_filter, comment_settings, monkeypatch
):
    data = comment_form_data(article, body=TEXT)
    info = RequestInfo(ip_hash="a" * 64, user_agent="Firefox")
    forms = [CommentForm(article, data=data) for _ in range(2)]
    assert all(form.is_valid() for form in forms)
    earlier = services.submit_comment(forms[0].get_comment(), request_info=info)
    answer = services.submit_comment(forms[1].get_comment(), request_info=info)
    assert answer.repeated and answer.comment == earlier.comment


def test_two_readers_opening_the_page_in_the_same_second_get_different_stamps(
    article,
):
    one, two = CommentForm(article), CommentForm(article)
    assert one.initial["security_hash"] != two.initial["security_hash"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_eight_simultaneous_posts_of_one_form_save_one_comment(
    article, spam_filter, comment_settings
):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...)")
    data = comment_form_data(article, body=TEXT)
    start = threading.Barrier(8)

    def submit(_):
        form = CommentForm(article, data=data)
        assert form.is_valid(), form.errors
        start.wait()
        try:
            return services.submit_comment(
                form.get_comment(), request_info=RequestInfo(ip_hash="", user_agent="")
            )
        finally:
            connections.close_all()

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(submit, range(8)))
    assert Comment.objects.count() == 1
    accepted = [a for a in answers if a.accepted]
    assert len([a for a in accepted if not a.repeated]) == 1
    assert {a.comment.pk for a in accepted} == {Comment.objects.get().pk}


def test_a_database_failure_in_the_duplicate_check_frees_the_text_for_the_retry(
    article, spam_filter, comment_settings, monkeypatch
):
    """The claim on the text is taken before the database is asked: a "coba
    lagi" there must not leave the retry refused as a duplicate of nothing."""
    from django.db.models.query import QuerySet

    data = comment_form_data(article, body=TEXT)
    real_exists = QuerySet.exists

    def database_down(queryset):
        raise OperationalError("server closed the connection unexpectedly")

    client = Client()
    with monkeypatch.context() as patched:
        patched.setattr(QuerySet, "exists", database_down)
        assert post(client, data).status_code == 503
    assert QuerySet.exists is real_exists
    retry = post(client, data)
    assert retry.status_code == 302
    assert Comment.objects.get().body == TEXT
