"""Comments moved in from another system, with their moderation history as labels.

An imported comment keeps its status as the old site's moderators left it; it is not
screened again. A decision there (published, spam, rejected) is recorded as a
:class:`ModerationEvent` by the importing account with the note ``sumber:<source>``,
so :func:`comments.learning.moderator_labels` takes published and spam ones as the
filter's first labels for this site. No batch tag: each old decision was made one by
one, and the batch cap would reduce years of history to ten labels.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .learning import LABEL_STATUSES
from .models import Comment, ModerationEvent, Status
from .privacy import ip_hash
from .text import fingerprint

SOURCE_PREFIX = "sumber:"


@dataclass(frozen=True)
class ImportedComment:
    name: str
    email: str
    website: str
    body: str
    status: str
    submitted_at: dt.datetime
    ip: str = ""
    user_agent: str = ""


def add_imported_comment(
    data: ImportedComment,
    *,
    article_id: int,
    parent_id: int | None,
    actor,
    source: str,
) -> tuple[Comment, bool]:
    """Save one imported comment; returns it and whether it became a label.

    Only a salted hash of ``data.ip`` is stored, as for comments posted here.
    """
    status = data.status
    comment = Comment.objects.create(
        article_id=article_id,
        parent_id=parent_id,
        name=data.name[:80],
        email=data.email.strip().lower()[:254],
        website=data.website[:200],
        body=data.body,
        status=status,
        submitted_at=data.submitted_at,
        published_at=data.submitted_at if status == Status.PUBLISHED else None,
        ip_hash=ip_hash(data.ip),
        user_agent=data.user_agent[:300],
        fingerprint=fingerprint(data.body),
        screening_note=f"{SOURCE_PREFIX}{source}"[:255],
        decided_by=actor if status != Status.PENDING else None,
        decided_at=data.submitted_at if status != Status.PENDING else None,
    )
    note = f"{SOURCE_PREFIX}{source}"[:255]
    ModerationEvent.objects.create(
        comment=comment, from_status="", to_status=Status.PENDING, note=note
    )
    if status == Status.PENDING:
        return comment, False
    ModerationEvent.objects.create(
        comment=comment,
        actor=actor,
        from_status=Status.PENDING,
        to_status=status,
        note=note,
    )
    return comment, status in LABEL_STATUSES
