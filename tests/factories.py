"""Builders for test data, shared by every test folder."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils.html import escape

import spamfilter

_counter = itertools.count(1)


#: Training options for tests that retrain: a small sample of the corpora.
SMALL_TRAINING = {"limit": 100}


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


def reason(text: str, *terms: str, code: str = "phrase") -> dict:
    """One filter reason as ``Comment.reasons`` stores it."""
    return {"code": code, "text": text, "terms": list(terms)}


def fake_verdict(
    probability: float, *, reasons=(), model_version: str = "test-1"
) -> spamfilter.Verdict:
    """A real :class:`spamfilter.Verdict` as a model with thresholds 0.5/0.9 gives."""
    return spamfilter.Verdict(
        probability=probability,
        hold_threshold=0.5,
        spam_threshold=0.9,
        reasons=tuple(reasons),
        model_version=model_version,
    )


def make_comment(article, *, status: str = "published", **fields):
    """A saved comment on ``article`` (published unless told), bypassing the
    form and the filter; its fingerprint is computed from its text."""
    from django.utils import timezone

    from comments.models import Comment
    from comments.text import fingerprint

    n = next(_counter)
    body = fields.pop("body", f"Komentar uji nomor {n}, terima kasih infonya.")
    fields.setdefault("name", f"Pembaca {n}")
    fields.setdefault("email", f"pembaca{n}@example.com")
    fields.setdefault("submitted_at", timezone.now())
    fields.setdefault("fingerprint", fingerprint(body))
    if status == "published":
        fields.setdefault("published_at", fields["submitted_at"])
    return Comment.objects.create(article=article, body=body, status=status, **fields)


def make_held_comment(article, *, status: str = "pending", **fields):
    """A comment as the moderation queue sees one: held unless told, scored 0.6
    by model ``v-test``, each one made a minute older than the one before."""
    from django.utils import timezone

    n = next(_counter)
    fields.setdefault("submitted_at", timezone.now() - dt.timedelta(minutes=n))
    fields.setdefault("spam_probability", 0.6)
    fields.setdefault("model_version", "v-test")
    return make_comment(article, status=status, **fields)


def make_user(django_user_model, username, *groups, **fields):
    """A user in the named groups (password ``rahasia-uji-123``)."""
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(
        username=username,
        email=fields.pop("email", f"{username}@pemkot.example.id"),
        password="rahasia-uji-123",
        **fields,
    )
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


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
