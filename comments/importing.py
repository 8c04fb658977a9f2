"""Comments moved in from another system, with their moderation history as labels.

An imported comment keeps its status as the old site's moderators left it; it is not
screened again. A decision there (published, spam, rejected) is recorded as a
:class:`ModerationEvent` by the importing account with ``source`` set (e.g.
``"wordpress"``), so :func:`comments.learning.moderator_labels` takes published and
spam ones as the filter's first labels for this site, even if the importing account
is deleted later. No batch tag: each old decision was made one by one, and the batch
cap would reduce years of history to ten labels.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .learning import LABEL_STATUSES
from .models import Comment, ModerationEvent, Status
from .privacy import ip_hash
from .text import fingerprint


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


def add_imported_comments(
    rows: list[tuple[ImportedComment, int | None, int]],
    *,
    actor,
    source: str,
) -> list[tuple[Comment, bool]]:
    """Save imported comments (``(data, parent id, article id)``) in a few queries.

    Returns each comment and whether it became a label. Only a salted hash of
    ``data.ip`` is stored, as for comments posted here.
    """
    source = source[:40]
    note = f"diimpor dari {source}"[:255]
    comments = []
    for data, parent_id, article_id in rows:
        decided = data.status != Status.PENDING
        comments.append(
            Comment(
                article_id=article_id,
                parent_id=parent_id,
                name=data.name[:80],
                email=data.email.strip().lower()[:254],
                website=data.website[:200],
                body=data.body,
                status=data.status,
                submitted_at=data.submitted_at,
                published_at=(
                    data.submitted_at if data.status == Status.PUBLISHED else None
                ),
                ip_hash=ip_hash(data.ip),
                user_agent=data.user_agent[:300],
                fingerprint=fingerprint(data.body),
                screening_note=note,
                decided_by=actor if decided else None,
                decided_at=data.submitted_at if decided else None,
            )
        )
    Comment.objects.bulk_create(comments)
    events = []
    for comment in comments:
        events.append(
            ModerationEvent(
                comment=comment,
                from_status="",
                to_status=Status.PENDING,
                source=source,
            )
        )
        if comment.status != Status.PENDING:
            events.append(
                ModerationEvent(
                    comment=comment,
                    actor=actor,
                    from_status=Status.PENDING,
                    to_status=comment.status,
                    source=source,
                )
            )
    ModerationEvent.objects.bulk_create(events)
    return [(comment, comment.status in LABEL_STATUSES) for comment in comments]
