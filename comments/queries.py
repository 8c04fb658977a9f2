"""What the public pages read: a page of a thread, comment counts for cards.

Both cost a fixed number of queries however long the thread or the listing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q

from .conf import setting
from .models import Comment, Status

# What a public page may show of a comment: never email, IP hash or user agent.
PUBLIC_FIELDS = ("id", "article_id", "parent_id", "name", "body", "submitted_at")


@dataclass(frozen=True)
class Thread:
    """One page of an article's published top-level comments with their replies."""

    page: Page
    total: int  # published comments including replies

    @property
    def comments(self) -> list[Comment]:
        return self.page.object_list


def published_thread(article, page_number=None) -> Thread:
    """At most three queries: the counts, a page of top-level comments, replies."""
    published = Comment.objects.filter(article_id=article.pk, status=Status.PUBLISHED)
    counts = published.aggregate(
        total=Count("pk"), top=Count("pk", filter=Q(parent__isnull=True))
    )
    top_level = published.filter(parent__isnull=True).only(*PUBLIC_FIELDS)
    paginator = Paginator(top_level, setting("PER_PAGE"))
    paginator.count = counts["top"]  # already counted above
    page = paginator.get_page(page_number)
    page.object_list = list(page.object_list)
    by_id = {comment.pk: comment for comment in page.object_list}
    for comment in page.object_list:
        comment.thread_replies = []
    if by_id and counts["total"] > counts["top"]:  # any replies at all?
        replies = published.filter(parent_id__in=by_id).only(*PUBLIC_FIELDS)
        for reply in replies:
            by_id[reply.parent_id].thread_replies.append(reply)
    return Thread(page=page, total=counts["total"])


def published_counts(article_ids) -> dict[int, int]:
    """Published comments per article, for article cards: one query."""
    rows = (
        Comment.objects.filter(article_id__in=set(article_ids), status=Status.PUBLISHED)
        .order_by()
        .values("article_id")
        .annotate(n=Count("pk"))
    )
    counts = dict.fromkeys(article_ids, 0)
    counts.update({row["article_id"]: row["n"] for row in rows})
    return counts
