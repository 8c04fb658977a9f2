"""The moderators' digest: one email about held comments per interval.

When a comment is held, moderators get an email listing what waits in the queue,
unless one was sent less than ``CommentPolicy.notify_interval_minutes`` ago; the
comments held in between appear in the next digest, sent by the next held comment
or by ``manage.py send_moderation_digest`` from cron, whichever comes first. A
digest goes out only when something entered the queue since the last one. The
time of the last digest is kept in the cache (use a shared cache, e.g. Redis or
the database cache, when several processes serve the site) and a short cache lock
keeps two processes from sending at once. Mail goes through Django's email
backend after the transaction commits; failures are logged, never silenced.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .models import Comment, Status
from .policy import default_policy, recipients

logger = logging.getLogger(__name__)

LAST_SENT_KEY = "warta:comments:digest:last-sent"
SENDING_LOCK = "warta:comments:digest:sending"
MAX_LISTED = 20


def send_digest(*, now: dt.datetime | None = None) -> bool:
    """Send the digest if the interval since the last one has passed.

    Returns whether an email was sent.
    """
    now = now or timezone.now()
    policy = default_policy()
    if policy is None:
        return False
    interval = dt.timedelta(minutes=policy.notify_interval_minutes)
    last_sent = cache.get(LAST_SENT_KEY)
    if last_sent is not None and now - last_sent < interval:
        return False
    if not cache.add(SENDING_LOCK, True, timeout=60):
        return False
    try:
        last_sent = cache.get(LAST_SENT_KEY)
        if last_sent is not None and now - last_sent < interval:
            return False
        to = recipients(policy)
        held = Comment.objects.held()
        if not to or not _queued_since(held, last_sent):
            return False
        _send(held, since=last_sent, to=to)
        cache.set(LAST_SENT_KEY, now, timeout=None)
        return True
    finally:
        cache.delete(SENDING_LOCK)


def _queued_since(held, moment: dt.datetime | None) -> bool:
    """Whether one of the ``held`` comments entered the queue after ``moment``."""
    if moment is None:
        return held.exists()
    return held.filter(
        events__to_status=Status.PENDING, events__created_at__gt=moment
    ).exists()


def _send(held, *, since, to: list[str]) -> None:
    total = held.count()
    new = held.filter(submitted_at__gt=since).count() if since else total
    listed = held.select_related("article").order_by("-submitted_at")[:MAX_LISTED]
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    context = {
        "total": total,
        "new": new,
        "comments": listed,
        "queue_url": base + reverse("komentar:index"),
        "base_url": base,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(
            "comments/admin/email/digest_subject.txt", context
        ).strip()
        body = render_to_string("comments/admin/email/digest.txt", context)
    send_mail(subject, body, None, to)


def on_submitted(sender, comment, **kwargs) -> None:
    """Receiver of ``comment_submitted``: a newly held comment may send the digest."""
    if comment.status == Status.PENDING:
        notify_held()


def on_status_changed(sender, comment, from_status, to_status, **kwargs) -> None:
    """Receiver of ``comment_status_changed``: a comment back in the queue (e.g.
    reported by readers) may send the digest."""
    if to_status == Status.PENDING and from_status:
        notify_held()


def notify_held() -> None:
    """Send the digest if due; a failure is logged, never raised."""
    try:
        send_digest()
    except Exception:
        # The comment is saved; a failed email must not fail the reader's request.
        logger.exception("The moderators' digest failed")
