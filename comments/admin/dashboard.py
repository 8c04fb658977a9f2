"""The moderation panel on the Wagtail dashboard."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component

from .. import moderation
from ..models import Comment, ModerationEvent, Status


def dashboard_stats(*, days: int = 7) -> dict:
    """Held now; published, held and binned by the filter, and overruled decisions
    in the last ``days`` days.

    Every comment is saved as held before it is screened, so its receipt is an
    event "→ held" with no actor too: what the filter held is its screening
    outcome, held → held, and what it binned is held → spam.
    """
    since = timezone.now() - dt.timedelta(days=days)
    recent = ModerationEvent.objects.filter(created_at__gte=since)
    screened = recent.filter(actor__isnull=True, from_status=Status.PENDING)
    decisions = recent.filter(actor__isnull=False).exclude(from_status=F("to_status"))
    overruled = decisions.filter(
        Q(from_status=Status.SPAM, to_status=Status.PUBLISHED)
        | Q(from_status=Status.PUBLISHED, to_status=Status.SPAM)
    )
    n_decisions = decisions.count()
    n_overruled = overruled.count()
    return {
        "days": days,
        "held": moderation.held_count(),
        "published": Comment.objects.filter(published_at__gte=since).count(),
        "caught_held": screened.filter(to_status=Status.PENDING)
        .values("comment_id")
        .distinct()
        .count(),
        "caught_spam": screened.filter(to_status=Status.SPAM)
        .values("comment_id")
        .distinct()
        .count(),
        "decisions": n_decisions,
        "overruled": n_overruled,
        "overruled_percent": round(100 * n_overruled / n_decisions)
        if n_decisions
        else 0,
    }


class ModerationPanel(Component):
    """Held now; published and caught in the last 7 days; how often overruled."""

    name = "comment_moderation"
    order = 90
    template_name = "comments/admin/dashboard_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        return {
            "stats": dashboard_stats(days=7),
            "queue_url": reverse("komentar:index"),
        }
