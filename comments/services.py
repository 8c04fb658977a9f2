"""State changes of comments: each one atomic, audited, with effects after commit.

Views, admin actions, bulk actions and management commands call these functions and
decide nothing themselves.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import uuid

from django.core.cache import cache
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

import spamfilter

from . import audit, campaigns, policy, screening, stamps
from .conf import setting
from .deferred import after_response
from .models import Block, Comment, CommentReport, ModerationEvent, Status
from .privacy import RequestInfo
from .signals import comment_status_changed, comment_submitted
from .submission import CommentRefused, Submission
from .text import fingerprint

logger = logging.getLogger(__name__)


def transition(
    comment: Comment,
    to_status: str,
    *,
    actor=None,
    note: str = "",
    batch: str = "",
    confirmed: bool = False,
) -> Comment:
    """Move ``comment`` to ``to_status`` and record who did it (None = the filter).

    The row is locked for the change so that two moderators deciding at once leave
    one consistent history. Listeners of ``comment_status_changed`` (cache purge,
    reply notices, moderator digests) run only after the transaction commits, and
    inside a request once the response is sent (:mod:`comments.deferred`).
    ``batch`` (one id for a bulk decision) and ``confirmed`` (a spam label the
    moderator confirmed on a copy of a published comment) go to the audit row.
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
            batch=batch,
            confirmed=confirmed,
        )
        if from_status != to_status:
            _announce_change(locked, from_status, to_status)
    _copy_stored(locked, comment)
    return comment


def _announce_change(comment: Comment, from_status: str, to_status: str) -> None:
    """``comment_status_changed`` once the transaction commits, and inside a
    request once the response is sent."""
    transaction.on_commit(
        lambda: after_response(
            lambda: comment_status_changed.send(
                sender=Comment,
                comment=comment,
                from_status=from_status,
                to_status=to_status,
            )
        )
    )


def _copy_stored(locked: Comment, comment: Comment) -> None:
    """``locked`` is the row as now stored: copy it rather than read it again."""
    for field in Comment._meta.concrete_fields:
        setattr(comment, field.attname, getattr(locked, field.attname))


def _keep_loaded_article(comment: Comment, locked: Comment) -> None:
    """Give ``locked`` the article ``comment`` has loaded (the purge needs it)."""
    field = Comment._meta.get_field("article")
    if field.is_cached(comment) and comment.article_id == locked.article_id:
        field.set_cached_value(locked, field.get_cached_value(comment))


def publish(comment: Comment, *, moderator, note: str = "", **audit) -> Comment:
    return transition(comment, Status.PUBLISHED, actor=moderator, note=note, **audit)


def reject(comment: Comment, *, moderator, note: str = "", **audit) -> Comment:
    return transition(comment, Status.REJECTED, actor=moderator, note=note, **audit)


def mark_spam(comment: Comment, *, moderator, note: str = "", **audit) -> Comment:
    """``confirmed=True``: the moderator insists although the comment copies a
    published one, so the filter learns from it (:mod:`comments.learning`)."""
    return transition(comment, Status.SPAM, actor=moderator, note=note, **audit)


def mark_not_spam(comment: Comment, *, moderator, note: str = "", **audit) -> Comment:
    """Publish a comment the filter held or binned; it keeps its original date."""
    return transition(
        comment, Status.PUBLISHED, actor=moderator, note=note or "bukan spam", **audit
    )


# Moderation in the admin: decisions by name, batches, blocks, the spam folder

#: The four decisions a moderator takes, by the name the admin uses.
DECISIONS = {
    "publish": publish,
    "reject": reject,
    "spam": mark_spam,
    "not_spam": mark_not_spam,
}


def apply_decision(
    comment: Comment,
    decision: str,
    *,
    moderator,
    note: str = "",
    confirmed: bool = False,
) -> Comment:
    """Apply the moderator's decision named ``decision`` (one of
    :data:`DECISIONS`) to ``comment``."""
    return DECISIONS[decision](
        comment, moderator=moderator, note=note, confirmed=confirmed
    )


def decide_many(
    comments, decision: str, *, moderator, note: str = ""
) -> tuple[int, str]:
    """Apply one decision to many comments as one batch, atomically.

    Every event of the batch carries the batch's id (``ModerationEvent.batch``), so
    the learning step can bound what a single batch teaches the filter. Returns the
    number of comments decided and the batch id.
    """
    verb = DECISIONS[decision]
    batch_id = uuid.uuid4().hex[:12]
    count = 0
    with transaction.atomic():
        for comment in comments:
            verb(comment, moderator=moderator, note=note, batch=batch_id)
            count += 1
    return count, batch_id


def block_commenter(*, kind: str, value: str, moderator, reason: str = "") -> Block:
    """Refuse further comments from an email address or IP hash (audited)."""
    value = value.strip().lower() if kind == Block.Kind.EMAIL else value.strip()
    with transaction.atomic():
        block, created = Block.objects.get_or_create(
            kind=kind,
            value=value,
            defaults={"reason": reason[:255], "created_by": moderator},
        )
        if created:
            audit.record(block, audit.BLOCK, moderator=moderator, kind=kind)
    return block


def unblock(block: Block, *, moderator) -> None:
    """Lift a block; the audit row keeps what it was."""
    with transaction.atomic():
        audit.record(block, audit.UNBLOCK, moderator=moderator, kind=block.kind)
        block.delete()


def set_trusted_after(comment_policy, published: int, *, moderator):
    """Let commenters with ``published`` published comments skip the hold
    (0 = never); ``comment_policy`` is a :class:`~comments.models.CommentPolicy`."""
    with transaction.atomic():
        before = comment_policy.trusted_after_published
        comment_policy.trusted_after_published = published
        comment_policy.save(update_fields=["trusted_after_published"])
        audit.record(
            comment_policy,
            audit.TRUST,
            moderator=moderator,
            before=before,
            after=published,
        )
    return comment_policy


def empty_spam(*, moderator, keep_labels: bool = True) -> int:
    """Delete the comments in the spam folder; returns how many.

    With ``keep_labels`` (the default) the comments a moderator marked as spam stay:
    they are the filter's training labels. Only what the filter binned by itself
    goes. The audit row is written on the site's comment policy.
    """
    spam = Comment.objects.binned_by_filter() if keep_labels else Comment.objects.spam()
    with transaction.atomic():
        ids = list(spam.values_list("pk", flat=True))
        Comment.objects.filter(pk__in=ids).delete()
        site_policy = policy.default_policy()
        if site_policy is not None:
            audit.record(
                site_policy,
                audit.EMPTY_SPAM,
                moderator=moderator,
                deleted=len(ids),
                keep_labels=keep_labels,
            )
    logger.info("Spam folder emptied by %s: %d comments", moderator, len(ids))
    return len(ids)


# Reader comments: submission, reports, closing, retention


def submit_comment(comment: Comment, *, request_info: RequestInfo) -> Submission:
    """A reader's comment from the form: normalised, guarded, saved, screened.

    ``comment`` is the unsaved comment :class:`~comments.forms.CommentForm` made.
    It is normalised once here (:func:`normalise`); the guards (rate limit per IP
    hash, the same text again) refuse without saving; everything they let through
    is saved and screened by :func:`accept_comment`.
    """
    comment.ip_hash = request_info.ip_hash
    comment.user_agent = request_info.user_agent
    normalise(comment)
    try:
        submission = stamps.take_once(
            comment, lambda: _guard_and_accept(comment, request_info)
        )
    except CommentRefused as refused:
        return Submission(None, error=refused.message, code=refused.code)
    if submission.repeated and awaiting_screening(submission.comment):
        # Saved by an attempt whose screening never ran (its process died
        # after the commit): the form sent again finishes the job.
        _screen_after_response(submission.comment, request_info.signals(), None)
    return submission


def _guard_and_accept(comment: Comment, request_info: RequestInfo) -> Submission:
    check_rate_limit("comment", comment.ip_hash)
    claim_unique_text(comment)
    try:
        return accept_comment(comment, signals=request_info.signals())
    except DatabaseError:
        # The database failed (the reader gets "coba lagi"), or a post of the
        # same form won the race: free the claim so that sending the text again
        # is not refused as a duplicate. If the comment was saved after all, its
        # stamp and the database check still find it.
        cache.delete_many(_text_claim_keys(comment))
        raise


def normalise(comment: Comment) -> Comment:
    """Give a new comment its canonical form, once, before anything reads it:
    the email stripped and lower-cased, a reply to a reply attached to its
    thread's top (one level of replies), the fingerprint of the text, the
    submission time."""
    comment.email = comment.email.strip().lower()
    if comment.parent_id and comment.parent.parent_id:
        comment.parent = comment.parent.parent
    comment.fingerprint = fingerprint(comment.body)
    comment.submitted_at = comment.submitted_at or timezone.now()
    return comment


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
    keys = _text_claim_keys(comment)
    claimed = [
        cache.add(key, 1, timeout=min(window, TEXT_CLAIM_SECONDS)) for key in keys
    ]
    since = timezone.now() - dt.timedelta(seconds=window)
    same_person = Q(email=comment.email) | (
        Q(ip_hash=comment.ip_hash) if comment.ip_hash else Q(pk__in=[])
    )
    try:
        seen = (
            Comment.objects.filter(
                article_id=comment.article_id,
                fingerprint=comment.fingerprint,
                submitted_at__gte=since,
            )
            .filter(same_person)
            .exists()
        )
    except DatabaseError:
        # The reader gets "coba lagi": free what this post claimed, or the
        # same text sent again would be refused as a duplicate of nothing.
        cache.delete_many(
            [key for key, ours in zip(keys, claimed, strict=True) if ours]
        )
        raise
    if not all(claimed) or seen:
        raise CommentRefused(_("Komentar yang sama sudah Anda kirim."), "duplicate")


def _text_claim_keys(comment: Comment) -> list[str]:
    who = [("ip", comment.ip_hash)] if comment.ip_hash else []
    who.append(("email", hashlib.sha256(comment.email.encode()).hexdigest()))
    return [
        f"warta:comments:dup:{comment.article_id}:{comment.fingerprint}:{kind}:{value}"
        for kind, value in who
    ]


#: ``Comment.screening_note`` of a comment saved but not screened yet: it waits
#: held until :func:`screen_saved` gives it its outcome (after the response).
AWAITING_SCREENING = "menunggu penyaringan"


def awaiting_screening(comment: Comment) -> bool:
    """Saved held for the filter, not screened yet (or its screening was cut off)."""
    return (
        comment.status == Status.PENDING
        and comment.screening_note == AWAITING_SCREENING
    )


def accept_comment(
    comment: Comment,
    *,
    signals: tuple[str, ...] = (),
    screening_timeout: float | None = None,
) -> Submission:
    """Save ``comment`` held, then screen it once the reader has the answer.

    The request path writes the comment (held, :data:`AWAITING_SCREENING`) and
    its "diterima" audit row in one transaction and nothing else; the policy
    and the filter (:func:`screen_saved`) run after the response is sent
    (:mod:`comments.deferred`), and at once outside a request. Nothing is
    published before it is screened, and a process that dies in between
    leaves the comment held in the moderation queue, never lost; the same
    form sent again screens it (:func:`submit_comment`).
    :func:`submit_comment` calls this with a normalised comment; the demo
    loader calls it directly (no request: it is screened at once, without the
    time limit, ``screening_timeout=0``) and so it normalises a comment that
    has no fingerprint yet.
    """
    if not comment.fingerprint:
        normalise(comment)
    comment.status = Status.PENDING
    comment.screening_note = AWAITING_SCREENING
    with transaction.atomic():
        comment.save()
        ModerationEvent.objects.create(
            comment=comment, from_status="", to_status=Status.PENDING, note="diterima"
        )
    _screen_after_response(comment, signals, screening_timeout)
    return Submission(comment)


def _screen_after_response(
    comment: Comment, signals: tuple[str, ...], timeout: float | None
) -> None:
    def work() -> None:
        screen_saved(comment, signals=signals, timeout=timeout)

    after_response(work)


def filter_and_look_up(
    comment: Comment,
    text: spamfilter.CommentText,
    *,
    signals: tuple[str, ...] = (),
    timeout: float | None = None,
) -> policy.Outcome:
    """The outcome of the filter and the site's policy for ``comment``
    (``text``: its :func:`comments.screening.comment_text`), changed by its
    campaign look-up. The filter scores while the look-up is on the database
    (in this thread, or in its worker when it must load first: see
    :mod:`comments.screening`): on PostgreSQL the server's work hides behind
    the scoring."""
    scoring = screening.start(text, timeout)
    look = campaigns.look(comment, text, meanwhile=scoring.run)
    outcome = screening.finish(comment, scoring, signals=signals)
    return campaigns.screen(comment, outcome, look)


def screen_saved(
    comment: Comment,
    *,
    signals: tuple[str, ...] = (),
    timeout: float | None = None,
) -> Comment:
    """Give a comment saved :data:`AWAITING_SCREENING` its outcome.

    The site's policy decides (blocked authors are spam, the others go through
    the filter, :mod:`comments.screening`, and the campaign look-up, which read
    but write nothing); then the outcome and the filter's audit row are written
    in one transaction, as :func:`transition` records a change by the filter
    (actor None). A comment a moderator decided meanwhile, or one screened
    already, is left alone.
    A failing or slow filter holds the comment (``filter_error``/``filter_timeout``).
    """
    text = screening.comment_text(comment)
    if policy.is_blocked(comment):
        outcome = campaigns.screen(
            comment, policy.BLOCKED, campaigns.look(comment, text)
        )
    else:
        outcome = filter_and_look_up(comment, text, signals=signals, timeout=timeout)
    with transaction.atomic():
        locked = (
            Comment.objects.select_for_update()
            .filter(
                pk=comment.pk,
                status=Status.PENDING,
                screening_note=AWAITING_SCREENING,
            )
            .first()
        )
        if locked is None:
            return comment
        locked.status = outcome.status
        locked.spam_probability = outcome.probability
        locked.reasons = list(outcome.reasons)
        locked.model_version = outcome.model_version[:64]
        locked.screening_note = outcome.note[:255]
        locked.campaign = comment.campaign
        if outcome.status == Status.PUBLISHED:
            locked.published_at = timezone.now()
        locked.save(
            update_fields=[
                "status",
                "spam_probability",
                "reasons",
                "model_version",
                "screening_note",
                "published_at",
                "campaign",
            ]
        )
        _keep_loaded_article(comment, locked)
        ModerationEvent.objects.create(
            comment=locked,
            from_status=Status.PENDING,
            to_status=outcome.status,
            spam_probability=locked.spam_probability,
            model_version=locked.model_version,
            note=outcome.note[:255],
        )
        campaigns.remember(comment)
        if outcome.status != Status.PENDING:
            _announce_change(locked, Status.PENDING, outcome.status)
        transaction.on_commit(
            lambda: after_response(
                lambda: comment_submitted.send(sender=Comment, comment=locked)
            )
        )
    _copy_stored(locked, comment)
    return comment


def report_comment(comment: Comment, *, ip_hash: str) -> bool:
    """Record a reader's report (laporan); False if this IP hash reported it before.

    Once the reports since the last moderator decision reach the site policy's
    ``report_threshold``, the comment goes back to the moderation queue.
    """
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
    threshold = policy.policy_for(comment.article).report_threshold
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
