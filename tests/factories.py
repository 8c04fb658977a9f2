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


# Comments


def make_comment(article, *, status: str = "published", **fields):
    """A saved comment on ``article`` (published unless told), without screening."""
    from django.utils import timezone

    from comments.models import Comment
    from comments.text import fingerprint

    n = next(_counter)
    body = fields.pop("body", f"Komentar uji nomor {n}, terima kasih infonya.")
    comment = Comment.objects.create(
        article=article,
        name=fields.pop("name", f"Pembaca {n}"),
        email=fields.pop("email", f"pembaca{n}@example.com"),
        body=body,
        status=status,
        submitted_at=fields.pop("submitted_at", timezone.now()),
        fingerprint=fingerprint(body),
        **fields,
    )
    if status == "published" and comment.published_at is None:
        comment.published_at = comment.submitted_at
        comment.save(update_fields=["published_at"])
    return comment


def comment_form_data(article, *, seconds_ago: int = 60, **fields) -> dict:
    """POST data of a valid comment form on ``article``, signed as the page signs."""
    import time

    from comments.forms import CommentForm

    n = next(_counter)
    timestamp = int(time.time()) - seconds_ago
    nonce = f"{n:016x}"
    data = {
        "article": article.pk,
        "timestamp": timestamp,
        "nonce": nonce,
        "security_hash": CommentForm.sign(article.pk, timestamp, nonce),
        "name": f"Pembaca {n}",
        "email": f"pembaca{n}@example.com",
        "website": "",
        "body": f"Komentar nomor {n}: pelayanan di kantor camat sudah lebih cepat.",
        "catatan": "",
    }
    data.update(fields)
    return data


def ensure_wagtail_root():
    """The root page and default locale migrations create, if a flush took them.

    A transactional test restores them through ``serialized_rollback``, but not
    in every ordering of a session (see the comments helper's report), so the
    transactional comment tests make sure of them.
    """
    from django.conf import settings
    from wagtail.models import Locale, Page

    if Page.get_first_root_node() is None:
        locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
