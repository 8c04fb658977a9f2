"""Builders for test data, shared by every test folder."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils.html import escape

_counter = itertools.count(1)


def make_article(
    index,
    *,
    title: str | None = None,
    paragraphs: list[str] | None = None,
    date: dt.date | None = None,
    tags: list[str] | None = None,
    categories: list | None = None,
    live: bool = True,
    **fields,
):
    """Add an ArticlePage under ``index``, published unless ``live=False``."""
    from news.models import ArticlePage

    n = next(_counter)
    paragraphs = paragraphs or [f"Paragraf isi berita nomor {n} tentang pelayanan."]
    page = ArticlePage(
        title=title or f"Berita uji {n}",
        slug=f"berita-uji-{n}",
        dateline=fields.pop("dateline", "Palopo"),
        date=date or dt.date(2024, 1, 1) + dt.timedelta(days=n),
        lead=fields.pop("lead", f"Ringkasan berita uji {n}."),
        body=[("paragraph", f"<p>{escape(p)}</p>") for p in paragraphs],
        **fields,
    )
    index.add_child(instance=page)
    if categories:
        page.categories = categories
    if tags:
        page.tags.set(tags)
    revision = page.save_revision()
    if live:
        revision.publish()
    else:
        page.unpublish()
    return ArticlePage.objects.get(pk=page.pk)
