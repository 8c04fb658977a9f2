"""What a comment sets off runs after the response inside a request, at once outside."""

from __future__ import annotations

import pytest
from django.core import signals

from comments import deferred
from comments.deferred import after_response, request_finished, request_started


def test_outside_a_request_the_work_runs_at_once():
    done = []
    after_response(lambda: done.append(1))
    assert done == [1]


def test_inside_a_request_the_work_waits_for_the_response_to_be_sent():
    done = []
    request_started(sender=None)
    after_response(lambda: done.append("purge"))
    after_response(lambda: done.append("mail"))
    assert done == []  # the reader's response is still being written

    request_finished(sender=None)
    assert done == ["purge", "mail"]


def test_a_failing_piece_of_work_is_logged_and_the_rest_still_runs(caplog):
    done = []
    request_started(sender=None)
    after_response(lambda: 1 / 0)
    after_response(lambda: done.append("mail"))
    request_finished(sender=None)

    assert done == ["mail"]
    assert "Work after the response failed" in caplog.text


UID = "comments.deferred.finished"


# Real commits, so that on_commit work runs inside the request as in production.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_published_comment_is_purged_when_its_response_is_closed(
    client, spam_filter, monkeypatch
):
    from news.demo import ensure_site_tree
    from tests.factories import comment_form_data, ensure_wagtail_root, make_article

    ensure_wagtail_root()
    _, index = ensure_site_tree()
    article = make_article(index, title="Pasar murah di Wara")
    events = []
    monkeypatch.setattr(
        "comments.receivers.purge_pages_from_cache",
        lambda pages, *a, **k: events.append(("purge", pages[0].pk)),
    )
    real_finished = deferred.request_finished

    def finished(sender, **kwargs):
        events.append(("response closed", None))
        real_finished(sender, **kwargs)

    monkeypatch.setattr(deferred, "request_finished", finished)
    signals.request_finished.disconnect(dispatch_uid=UID)
    signals.request_finished.connect(finished, dispatch_uid=UID)
    try:
        spam_filter.probability = 0.01
        response = client.post(
            "/komentar/kirim/",
            comment_form_data(article),
            HTTP_USER_AGENT="Mozilla/5.0 uji",
        )
    finally:
        signals.request_finished.disconnect(dispatch_uid=UID)
        signals.request_finished.connect(real_finished, dispatch_uid=UID)

    assert response.status_code == 302
    assert events == [("response closed", None), ("purge", article.pk)]
