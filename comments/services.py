"""State changes of comments: each one atomic, audited, with effects after commit.

Views, admin actions, bulk actions and management commands call these functions and
decide nothing themselves.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from .models import Comment, ModerationEvent, Status
from .signals import comment_status_changed


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
    reply notices, moderator digests) run only after the transaction commits.
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
                lambda: comment_status_changed.send(
                    sender=Comment,
                    comment=locked,
                    from_status=from_status,
                    to_status=to_status,
                )
            )
    comment.refresh_from_db()
    return comment


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
