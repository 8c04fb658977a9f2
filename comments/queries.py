"""What the public pages read: a page of a thread, comment counts for cards.

Both cost a fixed number of queries however long the thread or the listing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, Q

from .conf import setting
from .models import Comment, Status

# What a public page may show of a comment: never email, IP hash or user agent.
PUBLIC_FIELDS = ("id", "article_id", "parent_id", "name", "body", "submitted_at")


@dataclass
class Thread:
    """One page of an article's published top-level comments with their replies.

    The comments themselves are read on first use of :attr:`comments`: a page
    whose comment list comes from the fragment cache never reads them.
    """

    page: Page
    total: int  # published comments including replies
    top: int = 0  # published top-level comments
    version: tuple = ()  # changes whenever what this thread shows may change

    @property
    def has_comments(self) -> bool:
        return self.top > 0

    @property
    def comments(self) -> list[Comment]:
        if not isinstance(self.page.object_list, list):
            _load_page(self.page, self.total > self.top)
        return self.page.object_list


def published_thread(article, page_number=None) -> Thread:
    """One query (the counts and the last change); the page of top-level
    comments and their replies (two more) only when :attr:`Thread.comments`
    is read."""
    published = Comment.objects.filter(article_id=article.pk, status=Status.PUBLISHED)
    counts = published.aggregate(
        total=Count("pk", distinct=True),
        top=Count("pk", distinct=True, filter=Q(parent__isnull=True)),
        # Every status change writes an audit row in the same transaction
        # (services.transition, services.accept_comment). A comment joins the
        # published set only with a newer row than any before, and leaves it
        # lowering the count: (count, newest row) names what the thread shows.
        changed=Max("events__pk"),
        # A comment saved without an audit row (fixtures, imports) still
        # changes the newest id.
        newest=Max("pk"),
    )
    top_level = published.filter(parent__isnull=True).only(*PUBLIC_FIELDS)
    paginator = Paginator(top_level, setting("PER_PAGE"))
    paginator.count = counts["top"]  # already counted above
    page = paginator.get_page(page_number)
    return Thread(
        page=page,
        total=counts["total"],
        top=counts["top"],
        version=tuple(counts[k] for k in ("total", "top", "changed", "newest")),
    )


def _load_page(page: Page, has_replies: bool) -> None:
    page.object_list = list(page.object_list)
    published = Comment.objects.filter(status=Status.PUBLISHED)
    by_id = {comment.pk: comment for comment in page.object_list}
    for comment in page.object_list:
        comment.thread_replies = []
    if by_id and has_replies:
        replies = published.filter(parent_id__in=by_id).only(*PUBLIC_FIELDS)
        for reply in replies:
            by_id[reply.parent_id].thread_replies.append(reply)


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
