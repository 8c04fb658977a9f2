"""An article's labels and related articles, read once per change of the site.

An article's categories and tags, which articles share one of them, and what
their cards show (title, date, lead, image with its rendition, categories),
change only when a page is published, unpublished, moved or deleted, or a view
restriction, a category or a tag changes. So they are kept in the shared
cache under a site-wide listing version that each of those changes replaces
(:func:`bump_listing_version`, connected in :meth:`news.apps.NewsConfig.ready`):
nothing needs purging, and the next render after a change reads them again.

The cards' comment counts are left out: they change with every comment on
those articles, and the card template reads them for the whole listing in one
query at each render (``{% comment_count %}``).
"""

from __future__ import annotations

import uuid

from django.core.cache import cache

from .queries import related_articles

VERSION_KEY = "warta:news:listing-version"

#: Bounds what a change no signal announces (an image's file replaced) may wait.
RELATED_SECONDS = 3600


def listing_version() -> str | None:
    """The current listing version; None when the cache cannot keep one."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def bump_listing_version(*args, **kwargs) -> None:
    """Signal receiver: the published site changed, labels and cards are read again."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def article_labels_and_related(article, request=None) -> tuple[list, list, list]:
    """``(categories, tags, related articles)`` of a live ``article``, from the
    cache while the listing version holds; a preview reads its own draft."""
    if getattr(request, "is_preview", False):
        return _read(article)
    version = listing_version()
    if version is None:  # no shared cache: ask the database
        return _read(article)
    key = f"warta:news:article-context:{article.pk}:{version}"
    found = cache.get(key)
    if found is None:
        found = _read(article)
        cache.set(key, found, RELATED_SECONDS)
    return found


def _read(article) -> tuple[list, list, list]:
    categories = list(article.categories.all())
    tags = list(article.tags.all())
    return categories, tags, related_articles(article, categories, tags)
