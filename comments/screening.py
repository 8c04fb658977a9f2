"""Screening: the spam filter scores a saved comment, the site's policy decides.

The filter (``spamfilter.score``) only scores and explains; what happens to the
comment is this module's call, following the site's :class:`CommentPolicy`:

- mode "screen": published below the hold threshold, held between the thresholds,
  spam at or above the spam threshold;
- mode "hold_all": held unless the filter says spam;
- ``trusted_after_published`` = N > 0: someone with N published comments (same
  email) skips holding, never the spam band;
- a comment without a User-Agent is never published automatically;
- any failure of the filter (no model, an error, a timeout) holds the comment
  and is logged. The comment was saved before, so nothing is lost.

The filter is looked up as ``spamfilter.score`` at call time (tests replace it
with ``monkeypatch.setattr("spamfilter.score", fake)``) and runs in a worker
thread so that a slow model cannot hold up the reader beyond
``WARTA_COMMENTS_SCREENING_TIMEOUT`` seconds.
"""

from __future__ import annotations

import concurrent.futures
import logging
from dataclasses import dataclass

from django.db import connection

from .conf import setting
from .models import Comment, CommentPolicy, Status

logger = logging.getLogger(__name__)

# A few workers at most: a hung model cannot pile up threads without bound.
_executor = concurrent.futures.ThreadPoolExecutor(
    max_workers=4, thread_name_prefix="comment-screening"
)


@dataclass(frozen=True)
class Screening:
    """The outcome for one comment: the status it gets and why."""

    status: str
    probability: float | None = None
    reasons: tuple[str, ...] = ()
    model_version: str = ""
    note: str = ""
    failed: bool = False


def policy_for(article) -> CommentPolicy:
    """The policy of the site ``article`` is on (its defaults if never edited).

    Found by the site's id from the cached site root paths: one query, where
    ``CommentPolicy.for_site(article.get_site())`` takes three.
    """
    parts = article.get_url_parts()
    if parts is None:
        return CommentPolicy()
    site_id = parts[0]
    return CommentPolicy.objects.filter(site_id=site_id).first() or CommentPolicy(
        site_id=site_id
    )


def _score(comment: Comment, article_text: str):
    import spamfilter

    return spamfilter.score(
        comment.body,
        name=comment.name,
        email=comment.email,
        website=comment.website,
        article_text=article_text,
    )


def _score_in_worker(comment: Comment, article_text: str):
    try:
        return _score(comment, article_text)
    finally:
        # The worker thread has its own database connection (the filter checks
        # which model is active every few seconds). Treat each scoring like a
        # request: keep the connection until it breaks or outlives CONN_MAX_AGE
        # (the next use health-checks it), instead of opening a new one for
        # every check.
        connection.close_if_unusable_or_obsolete()


def _call_filter(comment: Comment, timeout: float):
    article_text = comment.article.plain_text()
    if not timeout or timeout <= 0:
        return _score(comment, article_text)
    future = _executor.submit(_score_in_worker, comment, article_text)
    return future.result(timeout=timeout)


def screen(
    comment: Comment,
    *,
    signals: tuple[str, ...] = (),
    timeout: float | None = None,
) -> Screening:
    """Score ``comment`` and decide its status; never raises for a filter failure.

    ``signals`` are extra reasons from the request (``no_user_agent``,
    ``no_referer``): they are recorded with the filter's reasons, and a missing
    User-Agent keeps the comment from being published automatically.
    ``timeout`` defaults to ``WARTA_COMMENTS_SCREENING_TIMEOUT``; 0 waits for
    the filter however long it takes (no reader is waiting, e.g. the demo loader).
    """
    if timeout is None:
        timeout = float(setting("SCREENING_TIMEOUT"))
    try:
        verdict = _call_filter(comment, timeout)
    except concurrent.futures.TimeoutError:
        logger.warning(
            "Spam filter timed out after %.1fs on comment %s; held for moderation.",
            timeout,
            comment.pk,
        )
        return Screening(
            Status.PENDING,
            reasons=(*signals, "filter_timeout"),
            note="Filter spam melewati batas waktu; ditahan untuk moderasi.",
            failed=True,
        )
    except Exception as exc:
        logger.exception(
            "Spam filter failed on comment %s; held for moderation.", comment.pk
        )
        return Screening(
            Status.PENDING,
            reasons=(*signals, "filter_error"),
            note=f"Filter spam gagal ({type(exc).__name__}); ditahan untuk moderasi.",
            failed=True,
        )
    return decide(comment, verdict, signals=signals)


def decide(comment: Comment, verdict, *, signals: tuple[str, ...] = ()) -> Screening:
    """Apply the site's policy to the filter's ``verdict`` for ``comment``."""
    policy = policy_for(comment.article)
    hold_at = (
        policy.hold_threshold
        if policy.hold_threshold is not None
        else verdict.hold_threshold
    )
    spam_at = (
        policy.spam_threshold
        if policy.spam_threshold is not None
        else verdict.spam_threshold
    )
    probability = float(verdict.probability)
    reasons = (*verdict.reasons, *signals)
    if probability >= spam_at:
        status, note = Status.SPAM, "filter: spam"
    elif _is_trusted(comment, policy):
        status, note = Status.PUBLISHED, "filter: terbit (komentator tepercaya)"
    elif probability >= hold_at:
        status, note = Status.PENDING, "filter: ditahan (di antara ambang)"
    elif policy.mode == CommentPolicy.Mode.HOLD_ALL:
        status, note = Status.PENDING, "kebijakan: tahan semua komentar"
    else:
        status, note = Status.PUBLISHED, "filter: terbit"
    if status == Status.PUBLISHED and "no_user_agent" in signals:
        status, note = Status.PENDING, "tanpa User-Agent: ditahan untuk moderasi"
    return Screening(
        status,
        probability=probability,
        reasons=tuple(reasons),
        model_version=str(verdict.model_version),
        note=f"{note} (p={probability:.3f})",
    )


def _is_trusted(comment: Comment, policy: CommentPolicy) -> bool:
    needed = policy.trusted_after_published
    if not needed or not comment.email:
        return False
    published = Comment.objects.published().filter(email=comment.email)
    return published.exclude(pk=comment.pk).count() >= needed
