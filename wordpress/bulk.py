"""Many new articles under one index in a handful of queries, as Wagtail keeps them.

``parent.add_child()`` per page costs a tree lock, a full clean, two inserts, the
search index and the reference index one page at a time (two thirds of an
import's time in the profile in benchmarks/README.md). Here one batch of pages gets its
treebeard paths computed from the index's last child, its ``wagtailcore_page`` and
``news_articlepage`` rows inserted in bulk, one revision each (the live revision of
a live page, the approved go-live date of a scheduled one), categories, tags, the
search index and the reference index written per batch, and the index's
``numchild`` raised once. ``manage.py fixtree`` finds nothing to fix afterwards.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import CharField, F, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from wagtail.models import Page, ReferenceIndex, Revision
from wagtail.search.backends import get_search_backends


def child_paths(parent: Page, n: int) -> list[str]:
    """Treebeard paths for ``n`` new last children of ``parent`` (locked first)."""
    parent_row = Page.objects.select_for_update().filter(pk=parent.pk)
    path, depth = parent_row.values_list("path", "depth").get()
    last = (
        Page.objects.filter(path__startswith=path, depth=depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    start = Page._str2int(last[-Page.steplen :]) if last else 0
    return [Page._get_path(path, depth + 1, start + i) for i in range(1, n + 1)]


def insert_articles(parent: Page, pages: list, *, now: dt.datetime | None = None):
    """Save the unsaved ``pages`` (one specific type) as last children of ``parent``.

    Each page needs its fields, ``live`` and dates set, its categories and tagged
    items in memory (``page.categories = [...]``, ``page.tagged_items = [...]``),
    and may carry ``_wp_go_live`` (a scheduled page's go-live date). Sets their ids.
    """
    if not pages:
        return
    model = type(pages[0])
    now = now or timezone.now()
    content_type = ContentType.objects.get_for_model(model)
    parent = Page.objects.get(pk=parent.pk)
    paths = child_paths(parent, len(pages))
    for page, path in zip(pages, paths, strict=True):
        page.path, page.depth, page.numchild = path, parent.depth + 1, 0
        page.content_type_id = content_type.pk
        page.locale_id = parent.locale_id
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.draft_title = page.title
        page.has_unpublished_changes = not page.live
        page.latest_revision_created_at = page.last_published_at or now
    page_fields = [f for f in Page._meta.local_concrete_fields if not f.primary_key]
    # Django's bulk_create refuses multi-table models: the parent table's rows first
    # (returning their ids), then the child table's rows with those ids.
    returned = Page.objects.all()._batched_insert(pages, page_fields, None)
    for page, (pk,) in zip(pages, returned, strict=True):
        page.id = page.page_ptr_id = pk
        page._state.adding, page._state.db = False, connection.alias
    model.objects.all()._batched_insert(
        pages, list(model._meta.local_concrete_fields), None
    )
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    _relations(model, pages)
    _revisions(model, pages, now)
    for backend in get_search_backends(with_auto_update=True):
        index = backend.get_index_for_model(model)
        if hasattr(index, "_refresh_title_norms"):
            # The database backends average the title length over the whole
            # index and rescan it after every add: work growing with the index,
            # paid per batch. Done once per import (refresh_title_norms); an
            # interrupted import's entries keep the default norm until then.
            index._refresh_title_norms = _no_refresh
        index.add_items(model, pages)
    _references(model, pages)


def _no_refresh(full: bool = False) -> None:
    pass


def refresh_title_norms(model) -> None:
    """The search index's title norms for the entries added since the last refresh."""
    for backend in get_search_backends(with_auto_update=True):
        index = backend.get_index_for_model(model)
        if hasattr(index, "_refresh_title_norms"):
            index._refresh_title_norms()


def _relations(model, pages: list) -> None:
    """Categories and tagged items set in memory on the pages, written in bulk."""
    through = model.categories.through
    links, tagged = [], []
    for page in pages:
        links.extend(
            through(articlepage_id=page.pk, category_id=category.pk)
            for category in page.categories.all()
        )
        for item in page.tagged_items.all():
            item.content_object_id = page.pk
            tagged.append(item)
    through.objects.bulk_create(links)
    model._meta.get_field("tagged_items").related_model.objects.bulk_create(tagged)


def _revisions(model, pages: list, now: dt.datetime) -> None:
    content_type = ContentType.objects.get_for_model(model)
    base = ContentType.objects.get_for_model(Page)
    revisions = [
        Revision(
            content_type_id=content_type.pk,
            base_content_type_id=base.pk,
            object_id=str(page.pk),
            created_at=page.latest_revision_created_at,
            user_id=page.owner_id,
            object_str=page.title[:255],
            content=page.serializable_data(),
            approved_go_live_at=getattr(page, "_wp_go_live", None),
        )
        for page in pages
    ]
    Revision.objects.bulk_create(revisions)
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision_id = revision.pk
        page.live_revision_id = revision.pk if page.live else None
    # One UPDATE for the batch: each page's revision is the one pointing at it
    # (bulk_update's CASE over hundreds of ids costs more than the inserts).
    ids = [page.pk for page in pages]
    own = Revision.objects.filter(
        base_content_type_id=base.pk, object_id=Cast(OuterRef("pk"), CharField())
    ).values("pk")[:1]
    Page.objects.filter(pk__in=ids).update(latest_revision_id=Subquery(own))
    Page.objects.filter(pk__in=ids, live=True).update(
        live_revision_id=F("latest_revision_id")
    )


def _references(model, pages: list) -> None:
    content_type = ContentType.objects.get_for_model(model)
    base = ContentType.objects.get_for_model(Page)
    rows = []
    for page in pages:
        for to_type, to_id, model_path, content_path in set(
            ReferenceIndex._extract_references_from_object(page)
        ):
            rows.append(
                ReferenceIndex(
                    content_type_id=content_type.pk,
                    base_content_type_id=base.pk,
                    object_id=str(page.pk),
                    to_content_type_id=to_type,
                    to_object_id=to_id,
                    model_path=model_path,
                    content_path=content_path,
                    content_path_hash=ReferenceIndex._get_content_path_hash(
                        content_path
                    ),
                )
            )
    ReferenceIndex.objects.bulk_create(rows, ignore_conflicts=True)
