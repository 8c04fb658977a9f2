"""Querysets for article listings, shaped so that a page costs a fixed few queries."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from wagtail.models import Page


def with_card_data(queryset: QuerySet) -> QuerySet:
    """Fetch up front everything an article card shows (image, categories)."""
    from wagtail.images import get_image_model

    renditions = get_image_model().get_rendition_model().objects.all()
    return queryset.select_related("featured_image").prefetch_related(
        "categories",
        Prefetch("featured_image__renditions", queryset=renditions),
    )


def article_listing(queryset: QuerySet) -> QuerySet:
    """Newest first, ready for article cards."""
    return with_card_data(queryset.order_by("-date", "-first_published_at", "-pk"))


def listing_pages(page) -> list:
    """The live pages above ``page`` that list it (home page, news index).

    Not the tree's root, which nobody reads. What shows an article's card or its
    comment count is purged from the cache with the article.
    """
    return list(page.get_ancestors().filter(depth__gt=1).live())


def related_articles(
    article: Page, categories: list, tags: list, limit: int = 3
) -> list:
    """Live articles sharing a tag or category with ``article``, most shared first.

    ``categories`` and ``tags`` are the article's own, already fetched for its page.
    Articles are found through the article's own class: the models import this
    module, not the other way round.
    """
    if not categories and not tags:
        return []  # nothing to share: skip the join over every article
    shared = Q(categories__in=[category.pk for category in categories]) | Q(
        tags__in=[tag.pk for tag in tags]
    )
    candidates = (
        type(article)
        .objects.live()
        .public()
        .exclude(pk=article.pk)
        .filter(shared)
        .annotate(shared_count=Count("pk"))
        .order_by("-shared_count", "-date")
    )
    # Cards show no body: leave the StreamField JSON in the database.
    return list(with_card_data(candidates.defer_streamfields())[:limit])
