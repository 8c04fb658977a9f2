"""Screening: the spam filter scores a saved comment, the site's policy decides.

The filter (``spamfilter.score``) only scores and explains; what happens to the
comment is :func:`comments.policy.decide`. Any failure of the filter (no model,
an error, a timeout) holds the comment and is logged. Screening writes
nothing: :func:`comments.services.accept_comment` saves the comment with the
outcome afterwards, in one transaction.

The filter is looked up as ``spamfilter.score`` at call time (tests replace it
with ``monkeypatch.setattr("spamfilter.score", fake)``). When it would read a
file or the database first (a model to load, its activation to check again:
``spamfilter.ready()`` is false), it runs in a worker thread (:func:`start`,
:func:`finish`), so that a slow load or registry cannot hold up the comment
beyond ``WARTA_COMMENTS_SCREENING_TIMEOUT`` seconds. Otherwise, nearly always,
scoring is computation alone on a clipped text, and it runs in the caller's
thread while the campaign look-up is on the database (:meth:`Scoring.run`):
handing it to a thread and back cost more than the look-up's wait it hid
(both threads need the GIL), about 0.5 ms a comment (``benchmarks/README.md``).
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
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
# process and read again after the policy cache's bound. Replaced whole, never
# changed in place: another thread may be reading them.
_locale_codes: dict[int, str] = {}
_locale_codes_read = -math.inf


def article_language(article) -> str:
    """The language code of ``article``'s locale (``""`` without one)."""
    global _locale_codes, _locale_codes_read
    locale_id = getattr(article, "locale_id", None)
    if locale_id is None:
        return ""
    now = time.monotonic()
    codes = _locale_codes
    if locale_id not in codes or now - _locale_codes_read > policy.POLICY_CACHE_SECONDS:
        codes = dict(Locale.objects.values_list("pk", "language_code"))
        _locale_codes, _locale_codes_read = codes, now
    return codes.get(locale_id, "")


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


@dataclasses.dataclass
class Scoring:
    """A filter run begun by :func:`start`: in its worker thread (``future``),
    or left to :meth:`run` (or :func:`finish`) to run in the caller's."""

    text: spamfilter.CommentText
    timeout: float
    future: concurrent.futures.Future | None
    started: float
    # (verdict, None) or (None, the exception) once run() has scored here.
    result: tuple[spamfilter.Verdict | None, Exception | None] | None = None

    def run(self) -> None:
        """Score now, in this thread, if it is this thread's to do; else wait
        for the worker until it is done or its time limit is up. Never raises:
        :func:`finish` reads the verdict or the failure."""
        if self.future is not None:
            left = self.timeout - (time.monotonic() - self.started)
            concurrent.futures.wait([self.future], timeout=max(left, 0.0))
        elif self.result is None:
            try:
                self.result = (_score(self.text), None)
            except Exception as error:  # noqa: BLE001 - finish() holds the comment
                self.result = (None, error)


def start(text: spamfilter.CommentText, timeout: float | None = None) -> Scoring:
    """Begin scoring ``text``: in the worker thread when the filter would read
    a file or the database first and there is a time limit (``timeout``
    defaults to ``WARTA_COMMENTS_SCREENING_TIMEOUT``; 0 is none, for callers
    no reader waits on, e.g. the demo loader); else it is left to
    :meth:`Scoring.run`, which the caller runs while its campaign look-up is
    on the database (:func:`comments.services.filter_and_look_up`)."""
    if timeout is None:
        timeout = float(setting("SCREENING_TIMEOUT"))
    future = None
    if timeout > 0 and not spamfilter.ready():
        try:
            future = _executor.submit(_score_in_worker, text)
        except RuntimeError:
            # The interpreter is shutting down and takes no new threads' work:
            # the comment is scored in finish(), without the time limit.
            logger.warning("Screening worker unavailable; scoring in the caller.")
    return Scoring(text, timeout, future, time.monotonic())


def finish(
    comment: Comment, scoring: Scoring, *, signals: tuple[str, ...] = ()
) -> Outcome:
    """The filter's verdict on ``comment`` (begun by :func:`start`) and the
    status the policy gives it; never raises for a filter failure: a filter
    that fails, or is still scoring when its time limit (counted from
    :func:`start`) runs out, holds the comment.

    ``signals`` are extra reasons from the request (``no_user_agent``,
    ``no_referer``): they are recorded with the filter's reasons, and a missing
    User-Agent keeps the comment from being published automatically.
    """
    try:
        if scoring.future is None:
            scoring.run()
            verdict, error = scoring.result
            if error is not None:
                raise error
        else:
            left = scoring.timeout - (time.monotonic() - scoring.started)
            verdict = scoring.future.result(timeout=max(left, 0.0))
    except concurrent.futures.TimeoutError:
        logger.warning(
            "Spam filter timed out after %.1fs on comment %s; held for moderation.",
            scoring.timeout,
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
