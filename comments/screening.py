"""Screening: the spam filter scores a saved comment, the site's policy decides.

The filter (``spamfilter.score``) only scores and explains; what happens to the
comment is :func:`comments.policy.decide`. Any failure of the filter (no model,
an error, a timeout) holds the comment and is logged. Screening writes
nothing: :func:`comments.services.accept_comment` saves the comment with the
outcome afterwards, in one transaction.

The filter is looked up as ``spamfilter.score`` at call time (tests replace it
with ``monkeypatch.setattr("spamfilter.score", fake)``) and runs in a worker
thread so that a slow model cannot hold up the reader beyond
``WARTA_COMMENTS_SCREENING_TIMEOUT`` seconds.
"""

from __future__ import annotations

import concurrent.futures
import logging
import math
import time

from django.db import connection
from wagtail.models import Locale

import spamfilter

from . import policy
from .conf import setting
from .models import Comment, Status
from .policy import Outcome

logger = logging.getLogger(__name__)

# A few workers at most: a hung model cannot pile up threads without bound.
_executor = concurrent.futures.ThreadPoolExecutor(
    max_workers=4, thread_name_prefix="comment-screening"
)


def comment_text(comment: Comment) -> spamfilter.CommentText:
    """What the filter scores: the comment with its article and site as
    context, and the policy's trusted link domains."""
    article = comment.article
    return spamfilter.CommentText(
        comment.body,
        name=comment.name,
        email=comment.email,
        website=comment.website,
        article_text=article_text(article),
        article_title=article.title,
        article_lead=getattr(article, "lead", "") or "",
        article_language=article_language(article),
        site_domain=policy.site_domain(article),
        trusted_domains=policy.trusted_domains(),
    )


# An article's locale is a query for each request's article; locales are a few
# rows that change when an editor adds a language: their codes are kept per
# process and read again after the policy cache's bound.
_LOCALE_CODES: dict[int, str] = {}
_locale_codes_read = -math.inf


def article_language(article) -> str:
    """The language code of ``article``'s locale (``""`` without one)."""
    global _locale_codes_read
    locale_id = getattr(article, "locale_id", None)
    if locale_id is None:
        return ""
    now = time.monotonic()
    if (
        locale_id not in _LOCALE_CODES
        or now - _locale_codes_read > policy.POLICY_CACHE_SECONDS
    ):
        codes = Locale.objects.values_list("pk", "language_code")
        _LOCALE_CODES.clear()
        _LOCALE_CODES.update(codes)
        _locale_codes_read = now
    return _LOCALE_CODES.get(locale_id, "")


# Rendering an article's body to text costs about as much as scoring a comment,
# and a popular article takes many comments: its text is kept per published
# revision (a publish makes a new one), a few hundred articles per process.
_ARTICLE_TEXTS: dict[tuple[int, int], str] = {}
_ARTICLE_TEXTS_KEPT = 256


def article_text(article) -> str:
    """``article.plain_text()``, remembered for its live revision."""
    revision = getattr(article, "live_revision_id", None)
    if revision is None or article.pk is None:
        return article.plain_text()
    key = (article.pk, revision)
    text = _ARTICLE_TEXTS.get(key)
    if text is None:
        if len(_ARTICLE_TEXTS) >= _ARTICLE_TEXTS_KEPT:
            _ARTICLE_TEXTS.clear()
        text = _ARTICLE_TEXTS[key] = article.plain_text()
    return text


def _score(text: spamfilter.CommentText) -> spamfilter.Verdict:
    return spamfilter.score(text)


def _score_in_worker(text: spamfilter.CommentText):
    try:
        return _score(text)
    finally:
        # The worker thread has its own database connection (the filter checks
        # which model is active every few seconds). Treat each scoring like a
        # request: keep the connection until it breaks or outlives CONN_MAX_AGE
        # (the next use health-checks it), instead of opening a new one for
        # every check.
        connection.close_if_unusable_or_obsolete()


def _call_filter(text: spamfilter.CommentText, timeout: float):
    if not timeout or timeout <= 0:
        return _score(text)
    future = _executor.submit(_score_in_worker, text)
    return future.result(timeout=timeout)


def screen(
    comment: Comment,
    text: spamfilter.CommentText,
    *,
    signals: tuple[str, ...] = (),
    timeout: float | None = None,
) -> Outcome:
    """Score ``comment`` (``text``: its :func:`comment_text`) and decide its
    status; never raises for a filter failure.

    ``signals`` are extra reasons from the request (``no_user_agent``,
    ``no_referer``): they are recorded with the filter's reasons, and a missing
    User-Agent keeps the comment from being published automatically.
    ``timeout`` defaults to ``WARTA_COMMENTS_SCREENING_TIMEOUT``; 0 waits for
    the filter however long it takes (no reader is waiting, e.g. the demo loader).
    """
    if timeout is None:
        timeout = float(setting("SCREENING_TIMEOUT"))
    try:
        verdict = _call_filter(text, timeout)
    except concurrent.futures.TimeoutError:
        logger.warning(
            "Spam filter timed out after %.1fs on comment %s; held for moderation.",
            timeout,
            comment.pk,
        )
        return Outcome(
            Status.PENDING,
            reasons=(*signals, "filter_timeout"),
            note="Filter spam melewati batas waktu; ditahan untuk moderasi.",
            failed=True,
        )
    except Exception as exc:
        logger.exception(
            "Spam filter failed on comment %s; held for moderation.", comment.pk
        )
        return Outcome(
            Status.PENDING,
            reasons=(*signals, "filter_error"),
            note=f"Filter spam gagal ({type(exc).__name__}); ditahan untuk moderasi.",
            failed=True,
        )
    return policy.decide(comment, verdict, signals=signals)
