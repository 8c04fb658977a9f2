"""Screening: the three outcomes, the site policy, and filter failures (held, kept)."""

from __future__ import annotations

import logging
import threading

import pytest

import spamfilter
from comments import policy as comments_policy
from comments.models import Comment, CommentPolicy, ModerationEvent, Status
from comments.privacy import RequestInfo
from comments.services import accept_comment, submit_comment
from tests.factories import make_comment

pytestmark = pytest.mark.django_db

BROWSER = RequestInfo(ip_hash="a" * 64, user_agent="Mozilla/5.0", has_referer=True)


def new_comment(article, body="Pelayanannya cepat, terima kasih.", **fields):
    fields.setdefault("email", "warga@example.com")
    return Comment(article=article, name="Warga", body=body, **fields)


def policy(article, **fields) -> CommentPolicy:
    site_policy = CommentPolicy.for_site(article.get_site())
    for name, value in fields.items():
        setattr(site_policy, name, value)
    site_policy.save()
    return site_policy


def test_low_score_is_published_with_score_reasons_and_model_version(
    article, spam_filter
):
    spam_filter.probability = 0.1

    result = submit_comment(new_comment(article), request_info=BROWSER)

    comment = result.comment
    assert result.published
    assert comment.status == Status.PUBLISHED
    assert comment.published_at is not None
    assert comment.spam_probability == pytest.approx(0.1)
    assert comment.reasons == [{"code": "word", "text": 'kata "uji"', "terms": ["uji"]}]
    assert comment.model_version == "test-1"


def test_score_between_thresholds_is_held(article, spam_filter):
    spam_filter.probability = 0.6

    result = submit_comment(new_comment(article), request_info=BROWSER)

    assert not result.published
    assert result.comment.status == Status.PENDING
    assert result.comment.spam_probability == pytest.approx(0.6)


def test_score_above_the_spam_threshold_is_marked_spam(article, spam_filter):
    spam_filter.probability = 0.97

    result = submit_comment(new_comment(article), request_info=BROWSER)

    assert result.comment.status == Status.SPAM


def test_the_filter_gets_text_name_email_website_and_article_text(article, spam_filter):
    comment = new_comment(article, website="https://warga.example.com")

    submit_comment(comment, request_info=BROWSER)

    (call,) = spam_filter.calls
    assert call["text"] == "Pelayanannya cepat, terima kasih."
    assert call["name"] == "Warga"
    assert call["email"] == "warga@example.com"
    assert call["website"] == "https://warga.example.com"
    assert "Layanan KTP elektronik keliling" in call["article_text"]


def test_the_filter_gets_the_article_its_language_the_site_and_trusted_domains(
    article, spam_filter, settings
):
    settings.WARTA_COMMENTS_TRUSTED_DOMAINS = ("go.id", "desa.id")

    submit_comment(new_comment(article), request_info=BROWSER)

    (call,) = spam_filter.calls
    assert call["article_title"] == "Pemkot Buka Layanan Adminduk Keliling"
    assert call["article_language"] == "id"
    assert call["site_domain"] == "localhost"
    assert call["trusted_domains"] == ("go.id", "desa.id")


def test_the_context_of_a_freshly_loaded_article_costs_no_query_once_read(
    article, spam_filter, django_assert_num_queries
):
    from comments.screening import comment_text
    from news.models import ArticlePage

    once = new_comment(ArticlePage.objects.get(pk=article.pk))
    first = comment_text(once)
    comments_policy.policy_for(once.article)
    # Each request loads its article anew: its locale, site, text and policy
    # come from what the process or the cache already read.
    again = new_comment(ArticlePage.objects.get(pk=article.pk))
    with django_assert_num_queries(0):
        second = comment_text(again)
        policy_of_site = comments_policy.policy_for(again.article)

    assert second == first
    assert (second.article_language, second.site_domain) == ("id", "localhost")
    assert policy_of_site.site_id == article.get_site().pk


def test_a_comment_in_another_language_not_about_the_article_is_held(
    article, spam_filter
):
    spam_filter.probability = 0.02
    spam_filter.reasons = (
        spamfilter.Reason("other_language", "bahasa lain dan tidak membahas berita"),
    )

    result = submit_comment(
        new_comment(article, body="Great post, I will come back for more"),
        request_info=BROWSER,
    )

    assert result.comment.status == Status.PENDING
    assert result.comment.reasons == ["other_language"]
    assert "bahasa lain" in result.comment.screening_note


def test_every_step_is_in_the_audit_trail_with_the_filter_as_actor(
    article, spam_filter
):
    spam_filter.probability = 0.1

    comment = submit_comment(new_comment(article), request_info=BROWSER).comment

    events = list(ModerationEvent.objects.filter(comment=comment))
    assert [(e.from_status, e.to_status) for e in events] == [
        ("", Status.PENDING),
        (Status.PENDING, Status.PUBLISHED),
    ]
    assert all(e.actor is None for e in events)
    assert events[1].spam_probability == pytest.approx(0.1)
    assert events[1].model_version == "test-1"


def test_site_thresholds_override_the_models(article, spam_filter):
    policy(article, hold_threshold=0.05, spam_threshold=0.5)
    spam_filter.probability = 0.3

    result = submit_comment(new_comment(article), request_info=BROWSER)

    assert result.comment.status == Status.PENDING


def test_hold_all_policy_holds_a_clean_comment(article, spam_filter):
    policy(article, mode=CommentPolicy.Mode.HOLD_ALL)
    spam_filter.probability = 0.01

    result = submit_comment(new_comment(article), request_info=BROWSER)

    assert result.comment.status == Status.PENDING
    assert result.comment.spam_probability == pytest.approx(0.01)


def test_hold_all_policy_still_bins_spam(article, spam_filter):
    policy(article, mode=CommentPolicy.Mode.HOLD_ALL)
    spam_filter.probability = 0.99

    result = submit_comment(new_comment(article), request_info=BROWSER)

    assert result.comment.status == Status.SPAM


def test_trusted_commenter_skips_holding_but_not_the_spam_band(article, spam_filter):
    policy(article, trusted_after_published=2)
    for _ in range(2):
        make_comment(article, email="warga@example.com")
    spam_filter.probability = 0.6
    held_band = submit_comment(new_comment(article), request_info=BROWSER)
    spam_filter.probability = 0.95
    spam_band = submit_comment(
        new_comment(article, body="Beli obat murah di sini"), request_info=BROWSER
    )

    assert held_band.comment.status == Status.PUBLISHED
    assert spam_band.comment.status == Status.SPAM


def test_filter_error_holds_the_comment_keeps_it_and_logs(article, spam_filter, caplog):
    from django.core.exceptions import ImproperlyConfigured

    spam_filter.error = ImproperlyConfigured("no active model")

    with caplog.at_level(logging.ERROR, logger="comments.screening"):
        result = submit_comment(new_comment(article), request_info=BROWSER)

    comment = Comment.objects.get()
    assert result.comment == comment
    assert comment.status == Status.PENDING
    assert comment.body == "Pelayanannya cepat, terima kasih."
    assert "filter_error" in comment.reasons
    assert "gagal" in comment.screening_note
    assert "Spam filter failed" in caplog.text


def test_spamfilter_errors_of_its_own_hierarchy_hold_the_comment(article, spam_filter):
    class ModelUnavailable(Exception):
        pass

    spam_filter.error = ModelUnavailable("belum ada model")

    result = submit_comment(new_comment(article), request_info=BROWSER)

    assert result.comment.status == Status.PENDING


def test_filter_timeout_holds_the_comment_and_logs(
    article, spam_filter, settings, caplog
):
    settings.WARTA_COMMENTS_SCREENING_TIMEOUT = 0.2
    spam_filter.hang()

    with caplog.at_level(logging.WARNING, logger="comments.screening"):
        result = submit_comment(new_comment(article), request_info=BROWSER)

    comment = Comment.objects.get()
    assert result.comment.status == Status.PENDING
    assert "filter_timeout" in comment.reasons
    assert "timed out" in caplog.text


def around_the_look_up(monkeypatch, *, before=None, after=None) -> None:
    """``campaigns.look`` with ``before`` and ``after`` run around it."""
    from comments import campaigns

    look = campaigns.look

    def wrapped(comment, text, **kwargs):
        if before is not None:
            before()
        found = look(comment, text, **kwargs)
        if after is not None:
            after()
        return found

    monkeypatch.setattr(campaigns, "look", wrapped)


def test_the_filter_scores_while_the_campaign_look_up_runs(
    article, spam_filter, settings, monkeypatch
):
    settings.WARTA_COMMENTS_SCREENING_TIMEOUT = 2.0
    # A rendezvous: the filter answers once the look-up has begun, and the
    # look-up goes on once the filter has begun. One after the other, the
    # first of the two would wait in vain.
    looking = threading.Event()
    spam_filter.released = looking
    met = []

    def begin_looking() -> None:
        looking.set()
        met.append(spam_filter.started.wait(timeout=2))

    around_the_look_up(monkeypatch, before=begin_looking)

    result = submit_comment(new_comment(article), request_info=BROWSER)

    assert met == [True]
    assert result.comment.status == Status.PUBLISHED
    assert len(spam_filter.calls) == 1


LONG_ENOUGH_TO_LOOK_UP = (
    "Mohon Dinas Perhubungan menambah lampu jalan di simpang empat pasar "
    "sentral, setiap malam gelap sekali dan sudah dua kali ada tabrakan motor."
)


def test_a_ready_filter_scores_in_this_thread_while_the_look_up_is_on_the_database(
    article, spam_filter, settings, monkeypatch
):
    import spamfilter

    settings.WARTA_COMMENTS_SCREENING_TIMEOUT = 2.0
    # Model loaded and checked: scoring reads neither a file nor the database.
    monkeypatch.setattr(spamfilter, "ready", lambda: True)
    fake = spamfilter.score
    seen = []

    def scoring_here(text):
        seen.append(("scored", threading.current_thread()))
        return fake(text)

    monkeypatch.setattr(spamfilter, "score", scoring_here)
    around_the_look_up(
        monkeypatch,
        before=lambda: seen.append(("look-up sent", None)),
        after=lambda: seen.append(("look-up read", None)),
    )

    result = submit_comment(
        new_comment(article, body=LONG_ENOUGH_TO_LOOK_UP), request_info=BROWSER
    )

    assert seen == [
        ("look-up sent", None),
        ("scored", threading.current_thread()),
        ("look-up read", None),
    ]
    assert result.comment.status == Status.PUBLISHED


def test_a_filter_that_must_load_first_scores_in_the_worker_thread(
    article, spam_filter, settings, monkeypatch
):
    import spamfilter

    settings.WARTA_COMMENTS_SCREENING_TIMEOUT = 2.0
    monkeypatch.setattr(spamfilter, "ready", lambda: False)
    fake = spamfilter.score
    threads = []

    def scoring(text):
        threads.append(threading.current_thread())
        return fake(text)

    monkeypatch.setattr(spamfilter, "score", scoring)

    result = submit_comment(new_comment(article), request_info=BROWSER)

    assert len(threads) == 1 and threads[0] is not threading.current_thread()
    assert threads[0].name.startswith("comment-screening")
    assert result.comment.status == Status.PUBLISHED


def test_the_time_limit_counts_from_the_start_of_scoring(
    article, spam_filter, settings, monkeypatch
):
    import time

    settings.WARTA_COMMENTS_SCREENING_TIMEOUT = 0.5
    spam_filter.hang()
    around_the_look_up(monkeypatch, before=lambda: time.sleep(0.5))

    started = time.monotonic()
    result = submit_comment(new_comment(article), request_info=BROWSER)

    assert result.comment.status == Status.PENDING
    assert "filter_timeout" in Comment.objects.get().reasons
    # Not the look-up's time and then the whole limit again.
    assert time.monotonic() - started < 0.9


def test_missing_spamfilter_function_holds_the_comment(article, monkeypatch):
    import spamfilter

    monkeypatch.delattr(spamfilter, "score", raising=False)

    result = submit_comment(new_comment(article), request_info=BROWSER)

    assert result.comment.status == Status.PENDING
    assert Comment.objects.count() == 1


def test_a_crash_while_scoring_leaves_the_comment_held_with_both_audit_rows(
    article, monkeypatch, settings
):
    """The comment is saved held before it is scored (after the response, in a
    request); a filter that crashes leaves it held, with both audit rows."""
    settings.WARTA_COMMENTS_SCREENING_TIMEOUT = 0  # score in this thread
    seen = []

    def crash_after_looking(text, **kwargs):
        seen.append(Comment.objects.count())
        raise RuntimeError("crash while scoring")

    monkeypatch.setattr("spamfilter.score", crash_after_looking, raising=False)

    submit_comment(new_comment(article), request_info=BROWSER)

    assert seen == [1]
    comment = Comment.objects.get()
    assert comment.status == Status.PENDING
    assert "filter_error" in comment.reasons
    assert list(comment.events.values_list("from_status", "to_status")) == [
        ("", Status.PENDING),
        (Status.PENDING, Status.PENDING),
    ]


def test_missing_user_agent_is_screened_and_never_published_automatically(
    article, spam_filter
):
    spam_filter.probability = 0.01
    no_headers = RequestInfo(ip_hash="b" * 64, user_agent="", has_referer=False)

    result = submit_comment(new_comment(article), request_info=no_headers)

    assert len(spam_filter.calls) == 1
    assert result.comment.status == Status.PENDING
    signals = {r for r in result.comment.reasons if isinstance(r, str)}
    assert {"no_user_agent", "no_referer"} <= signals


def test_missing_referer_alone_is_recorded_as_a_signal(article, spam_filter):
    spam_filter.probability = 0.01
    info = RequestInfo(ip_hash="c" * 64, user_agent="Mozilla/5.0", has_referer=False)

    result = submit_comment(new_comment(article), request_info=info)

    assert "no_referer" in result.comment.reasons
    assert len(spam_filter.calls) == 1


def test_missing_headers_still_go_through_the_spam_band(article, spam_filter):
    spam_filter.probability = 0.99

    result = submit_comment(new_comment(article), request_info=RequestInfo())

    assert result.comment.status == Status.SPAM


def test_blocked_email_goes_to_spam_without_asking_the_filter(article, spam_filter):
    from comments.models import Block

    Block.objects.create(kind=Block.Kind.EMAIL, value="warga@example.com")

    result = submit_comment(
        new_comment(article, email="Warga@Example.com"), request_info=BROWSER
    )

    assert result.comment.status == Status.SPAM
    assert result.comment.reasons == ["blocked"]
    assert spam_filter.calls == []


def test_accept_comment_without_a_request_is_screened_too(article, spam_filter):
    spam_filter.probability = 0.95

    result = accept_comment(new_comment(article))

    assert result.comment.status == Status.SPAM
    assert len(spam_filter.calls) == 1


def test_held_comment_is_not_shown_to_other_readers(client, article, spam_filter):
    spam_filter.probability = 0.6
    submit_comment(
        new_comment(article, body="Menunggu giliran tampil"), request_info=BROWSER
    )

    html = client.get(article.url).content.decode()

    assert "Menunggu giliran tampil" not in html


def test_held_comment_reader_sees_komentar_anda_menunggu_moderasi(
    client, article, spam_filter
):
    from tests.factories import comment_form_data

    spam_filter.probability = 0.6

    response = client.post("/komentar/kirim/", comment_form_data(article), follow=True)

    # Told it is being checked (screening follows the answer), not shown.
    html = response.content.decode()
    assert "komentar Anda sudah kami terima dan sedang diperiksa." in html
    comment = Comment.objects.get()
    assert comment.status == Status.PENDING
    assert f'id="komentar-{comment.pk}"' not in html


def test_spammer_is_told_the_same_as_a_held_reader(client, article, spam_filter):
    from tests.factories import comment_form_data

    spam_filter.probability = 0.99

    response = client.post("/komentar/kirim/", comment_form_data(article), follow=True)

    html = response.content.decode()
    assert "komentar Anda sudah kami terima dan sedang diperiksa." in html
    assert Comment.objects.get().status == Status.SPAM
    assert "spam" not in html.lower().replace("spamfilter", "")


def test_real_filter_without_an_active_model_holds_the_comment(
    article, settings, caplog
):
    settings.WARTA_COMMENTS_SCREENING_TIMEOUT = 0  # the registry reads this DB
    settings.WARTA_SPAMFILTER_MODEL_DIR = "/nonexistent/warta-models"

    with caplog.at_level(logging.ERROR, logger="comments.screening"):
        result = submit_comment(new_comment(article), request_info=BROWSER)

    assert result.comment.status == Status.PENDING
    assert "filter_error" in result.comment.reasons
    assert "Spam filter failed" in caplog.text


def test_the_filter_reads_the_published_text_of_an_edited_article(article, spam_filter):
    submit_comment(new_comment(article), request_info=BROWSER)
    article.body = [("paragraph", "<p>Jadwal layanan dipindah ke hari Sabtu.</p>")]
    article.save_revision().publish()
    article.refresh_from_db()

    submit_comment(
        new_comment(article, body="Sabtu saya datang."), request_info=BROWSER
    )

    first, second = spam_filter.calls
    assert "Layanan KTP elektronik keliling" in first["article_text"]
    assert "dipindah ke hari Sabtu" in second["article_text"]
    assert "Layanan KTP elektronik keliling" not in second["article_text"]


def test_a_comment_is_still_screened_when_the_worker_takes_no_more_work(
    article, spam_filter, monkeypatch
):
    from comments import screening

    class ShutDown:
        def submit(self, *args, **kwargs):
            raise RuntimeError("cannot schedule new futures after interpreter shutdown")

    monkeypatch.setattr(screening, "_executor", ShutDown())

    result = submit_comment(new_comment(article), request_info=BROWSER)

    assert result.comment.status == Status.PUBLISHED
    assert len(spam_filter.calls) == 1
