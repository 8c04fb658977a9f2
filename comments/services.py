"""State changes of comments: each one atomic, audited, with effects after commit.

Views, admin actions, bulk actions and management commands call these functions and
decide nothing themselves.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass

from django.core.cache import cache
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .conf import setting
from .deferred import after_response
from .models import Block, Comment, CommentReport, ModerationEvent, Status
from .privacy import RequestInfo
from .signals import comment_status_changed, comment_submitted
from .text import fingerprint

logger = logging.getLogger(__name__)


def transition(
    comment: Comment,
    to_status: str,
    *,
    actor=None,
    note: str = "",
) -> Comment:
    """Move ``comment`` to ``to_status`` and record who did it (None = the filter).

    The row is locked for the change so that two moderators deciding at once leave
    one consistent history. Listeners of ``comment_status_changed`` (cache purge,
    reply notices, moderator digests) run only after the transaction commits, and
    inside a request once the response is sent (:mod:`comments.deferred`).
    """
    with transaction.atomic():
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        from_status = locked.status
        now = timezone.now()
        locked.status = to_status
        if to_status == Status.PUBLISHED and locked.published_at is None:
            locked.published_at = now
        if actor is not None:
            locked.decided_by = actor
            locked.decided_at = now
        locked.save(
            update_fields=["status", "published_at", "decided_by", "decided_at"]
        )
        _keep_loaded_article(comment, locked)
        ModerationEvent.objects.create(
            comment=locked,
            actor=actor,
            from_status=from_status,
            to_status=to_status,
            spam_probability=locked.spam_probability,
            model_version=locked.model_version,
            note=note[:255],
        )
        if from_status != to_status:
            transaction.on_commit(
                lambda: after_response(
                    lambda: comment_status_changed.send(
                        sender=Comment,
                        comment=locked,
                        from_status=from_status,
                        to_status=to_status,
                    )
                )
            )
    # ``locked`` is the row as now stored: copy it rather than read it again.
    for field in Comment._meta.concrete_fields:
        setattr(comment, field.attname, getattr(locked, field.attname))
    return comment


def _keep_loaded_article(comment: Comment, locked: Comment) -> None:
    """Give ``locked`` the article ``comment`` has loaded (the purge needs it)."""
    field = Comment._meta.get_field("article")
    if field.is_cached(comment) and comment.article_id == locked.article_id:
        field.set_cached_value(locked, field.get_cached_value(comment))


def publish(comment: Comment, *, moderator, note: str = "") -> Comment:
    return transition(comment, Status.PUBLISHED, actor=moderator, note=note)


def reject(comment: Comment, *, moderator, note: str = "") -> Comment:
    return transition(comment, Status.REJECTED, actor=moderator, note=note)


def mark_spam(comment: Comment, *, moderator, note: str = "") -> Comment:
    return transition(comment, Status.SPAM, actor=moderator, note=note)


def mark_not_spam(comment: Comment, *, moderator, note: str = "") -> Comment:
    """Publish a comment the filter held or binned; it keeps its original date."""
    return transition(
        comment, Status.PUBLISHED, actor=moderator, note=note or "bukan spam"
    )


# Moderation in the admin: decisions by name, batches, blocks, the spam folder

#: The four decisions a moderator takes, by the name the admin uses.
DECISIONS = {
    "publish": publish,
    "reject": reject,
    "spam": mark_spam,
    "not_spam": mark_not_spam,
}


def decide(comment: Comment, decision: str, *, moderator, note: str = "") -> Comment:
    """Apply one of :data:`DECISIONS` to ``comment``."""
    return DECISIONS[decision](comment, moderator=moderator, note=note)


def decide_many(
    comments, decision: str, *, moderator, note: str = ""
) -> tuple[int, str]:
    """Apply one decision to many comments as one batch, atomically.

    Every event of the batch carries the batch's id in its note, so the learning
    step can bound what a single batch teaches the filter. Returns the number of
    comments decided and the batch id.
    """
    from .learning import batch_note

    verb = DECISIONS[decision]
    if not note and decision == "not_spam":
        note = "bukan spam"
    batch_id, note = batch_note(note)
    count = 0
    with transaction.atomic():
        for comment in comments:
            verb(comment, moderator=moderator, note=note)
            count += 1
    return count, batch_id


def block_commenter(*, kind: str, value: str, moderator, reason: str = "") -> Block:
    """Refuse further comments from an email address or IP hash."""
    value = value.strip().lower() if kind == Block.Kind.EMAIL else value.strip()
    block, _ = Block.objects.get_or_create(
        kind=kind,
        value=value,
        defaults={"reason": reason[:255], "created_by": moderator},
    )
    logger.info("Block %s added by %s", block, moderator)
    return block


def unblock(block: Block, *, moderator) -> None:
    logger.info("Block %s removed by %s", block, moderator)
    block.delete()


def empty_spam(*, moderator, keep_labels: bool = True) -> int:
    """Delete the comments in the spam folder; returns how many.

    With ``keep_labels`` (the default) the comments a moderator marked as spam stay:
    they are the filter's training labels. Only what the filter binned by itself goes.
    """
    spam = Comment.objects.binned_by_filter() if keep_labels else Comment.objects.spam()
    with transaction.atomic():
        ids = list(spam.values_list("pk", flat=True))
        Comment.objects.filter(pk__in=ids).delete()
    logger.info("Spam folder emptied by %s: %d comments", moderator, len(ids))
    return len(ids)


# Reader comments: submission, reports, closing, retention


@dataclass(frozen=True)
class Submission:
    """What became of a reader's comment; the view turns it into a message.

    ``comment`` is None when a guard refused it; ``error`` then says why, in
    words for the reader, and ``code`` names the guard.
    """

    comment: Comment | None
    error: str = ""
    code: str = ""

    @property
    def accepted(self) -> bool:
        return self.comment is not None

    @property
    def published(self) -> bool:
        return self.comment is not None and self.comment.status == Status.PUBLISHED


class CommentRefused(Exception):
    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def submit_comment(comment: Comment, *, request_info: RequestInfo) -> Submission:
    """A reader's comment from the form: request guards, then :func:`accept_comment`.

    ``comment`` is the unsaved comment :class:`~comments.forms.CommentForm` made.
    The guards (rate limit per IP hash, the same text again) refuse without
    saving; everything they let through is saved and screened.
    """
    comment.ip_hash = request_info.ip_hash
    comment.user_agent = request_info.user_agent
    try:
        check_rate_limit("comment", comment.ip_hash)
        claim_unique_text(comment)
        return accept_comment(comment, signals=request_info.signals())
    except CommentRefused as refused:
        return Submission(None, error=refused.message, code=refused.code)
    except DatabaseError:
        # The database failed (the reader gets "coba lagi"): free the claim so
        # that sending the text again is not refused as a duplicate. If the
        # comment was saved after all, the database check still finds it.
        cache.delete_many(_text_claim_keys(comment))
        raise


def check_rate_limit(scope: str, ip_hash: str) -> None:
    """Count one request of ``ip_hash``; refuse beyond the limit for the window.

    ``cache.add`` + ``cache.incr`` are atomic in every cache backend, so with a
    shared cache (Redis, database) the limit holds across processes.
    """
    prefix = "" if scope == "comment" else "REPORT_"
    limit = int(setting(f"{prefix}RATE_LIMIT"))
    window = int(setting(f"{prefix}RATE_WINDOW_SECONDS"))
    key = f"warta:comments:rate:{scope}:{ip_hash or 'unknown'}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        count = 1
    if count > limit:
        raise CommentRefused(
            _("Anda mengirim komentar terlalu cepat. Coba lagi dalam beberapa menit.")
            if scope == "comment"
            else _("Terlalu banyak laporan. Coba lagi nanti."),
            "rate_limited",
        )


TEXT_CLAIM_SECONDS = 60


def claim_unique_text(comment: Comment) -> None:
    """Refuse the same text on the same article from the same person again.

    "The same person" is the same IP hash or the same email. Two identical
    posts racing each other (a double click) meet at ``cache.add``; the claim
    only has to outlive that race, the database check covers the whole window
    (and a cleared cache). Short claims keep the cache small, so that a busy
    hour does not push the rate-limit counters out of a bounded cache.
    """
    window = int(setting("DUPLICATE_WINDOW_SECONDS"))
    email = comment.email.strip().lower()
    claimed = [
        cache.add(key, 1, timeout=min(window, TEXT_CLAIM_SECONDS))
        for key in _text_claim_keys(comment)
    ]
    since = timezone.now() - dt.timedelta(seconds=window)
    same_person = Q(email=email) | (
        Q(ip_hash=comment.ip_hash) if comment.ip_hash else Q(pk__in=[])
    )
    if not all(claimed) or (
        Comment.objects.filter(
            article_id=comment.article_id,
            fingerprint=comment.fingerprint,
            submitted_at__gte=since,
        )
        .filter(same_person)
        .exists()
    ):
        raise CommentRefused(_("Komentar yang sama sudah Anda kirim."), "duplicate")


def _text_claim_keys(comment: Comment) -> list[str]:
    comment.fingerprint = fingerprint(comment.body)
    email = comment.email.strip().lower()
    who = [("ip", comment.ip_hash)] if comment.ip_hash else []
    who.append(("email", hashlib.sha256(email.encode()).hexdigest()))
    return [
        f"warta:comments:dup:{comment.article_id}:{comment.fingerprint}:{kind}:{value}"
        for kind, value in who
    ]


def accept_comment(
    comment: Comment,
    *,
    signals: tuple[str, ...] = (),
    screening_timeout: float | None = None,
) -> Submission:
    """Save ``comment`` as held, then screen it: the path every comment takes.

    The comment is committed as PENDING (with its audit row) before the filter
    sees it, so a failing or slow filter leaves it waiting in the queue, never
    lost. Then :func:`comments.screening.screen` decides and :func:`transition`
    records the outcome. The demo loader calls this directly (it has no request
    to guard, so it lifts the screening time limit with ``screening_timeout=0``);
    the form goes through :func:`submit_comment`.
    """
    from .screening import Screening, screen

    comment.email = comment.email.strip().lower()
    if comment.parent_id and comment.parent.parent_id:
        # One level of replies: a reply to a reply answers the thread's top.
        comment.parent_id = comment.parent.parent_id
    comment.submitted_at = comment.submitted_at or timezone.now()
    comment.fingerprint = fingerprint(comment.body)
    comment.status = Status.PENDING
    with transaction.atomic():
        comment.save()
        ModerationEvent.objects.create(
            comment=comment, from_status="", to_status=Status.PENDING, note="diterima"
        )
    if is_blocked(comment):
        outcome = Screening(Status.SPAM, reasons=("blocked",), note="diblokir")
    else:
        outcome = screen(comment, signals=signals, timeout=screening_timeout)
    with transaction.atomic():
        comment.spam_probability = outcome.probability
        comment.reasons = list(outcome.reasons)
        comment.model_version = outcome.model_version[:64]
        comment.screening_note = outcome.note[:255]
        comment.save(
            update_fields=[
                "spam_probability",
                "reasons",
                "model_version",
                "screening_note",
            ]
        )
        transition(comment, outcome.status, note=outcome.note)
        transaction.on_commit(
            lambda: after_response(
                lambda: comment_submitted.send(sender=Comment, comment=comment)
            )
        )
    return Submission(comment)


def is_blocked(comment: Comment) -> bool:
    blocked = Q(kind=Block.Kind.EMAIL, value=comment.email)
    if comment.ip_hash:
        blocked |= Q(kind=Block.Kind.IP_HASH, value=comment.ip_hash)
    return Block.objects.filter(blocked).exists()


def comments_are_open(article, *, now: dt.datetime | None = None) -> bool:
    """Whether ``article`` takes comments: open, and not past its closing day.

    ``comments_close_after_days`` counts from the article's date (the one readers
    see), closing at midnight in the site's time zone.
    """
    if not article.comments_open:
        return False
    days = article.comments_close_after_days
    if days is None:
        return True
    closes = timezone.make_aware(
        dt.datetime.combine(article.date + dt.timedelta(days=days), dt.time.min)
    )
    return (now or timezone.now()) < closes


def report_comment(comment: Comment, *, ip_hash: str) -> bool:
    """Record a reader's report (laporan); False if this IP hash reported it before.

    Once the reports since the last moderator decision reach the site policy's
    ``report_threshold``, the comment goes back to the moderation queue.
    """
    from .screening import policy_for

    check_rate_limit("report", ip_hash)
    try:
        with transaction.atomic():
            CommentReport.objects.create(comment=comment, ip_hash=ip_hash)
            Comment.objects.filter(pk=comment.pk).update(
                report_count=F("report_count") + 1
            )
    except IntegrityError:
        return False
    reports = CommentReport.objects.filter(comment=comment)
    if comment.decided_at is not None:
        reports = reports.filter(created_at__gt=comment.decided_at)
    count = reports.count()
    threshold = policy_for(comment.article).report_threshold
    if threshold and count >= threshold and comment.status == Status.PUBLISHED:
        transition(
            comment, Status.PENDING, note=f"dilaporkan {count} kali oleh pembaca"
        )
    return True


def purge_spam(
    *,
    days: int | None = None,
    now: dt.datetime | None = None,
    keep_labels: bool = True,
) -> int:
    """Delete spam older than ``days`` (``WARTA_COMMENTS_SPAM_RETENTION_DAYS``).

    With ``keep_labels`` (the default), as in :func:`empty_spam`, only what the
    filter binned by itself goes: the comments a moderator marked as spam are the
    filter's training labels, and deleting them would make the next retraining
    forget the site's own spam. Without it, age counts from submission, or from
    a moderator's decision when later. Spam with replies that are not spam is
    kept: deleting it would take the replies with it. Returns how many comments
    were deleted.
    """
    if days is None:
        days = int(setting("SPAM_RETENTION_DAYS"))
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    if keep_labels:
        old_spam = Comment.objects.binned_by_filter()
    else:
        old_spam = Comment.objects.spam().filter(
            Q(decided_at__isnull=True) | Q(decided_at__lt=cutoff)
        )
    old_spam = old_spam.filter(submitted_at__lt=cutoff).exclude(
        replies__status__in=[Status.PUBLISHED, Status.PENDING]
    )
    with transaction.atomic():
        ids = list(old_spam.values_list("pk", flat=True))
        Comment.objects.filter(pk__in=ids).delete()
    logger.info("Purged %d spam comments older than %d days.", len(ids), days)
    return len(ids)
