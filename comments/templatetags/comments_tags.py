"""Template tags the news templates use to show comments (news never imports us).

- ``{% comments_block page %}``: the comment section of an article.
- ``{{ comment.body|comment_body }}``: a body as safe HTML (see comments.text).
- ``{% comment_count article as n %}``: published comments of an article card,
  fetched for every article in the surrounding listing with one query.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.core.cache import cache
from django.core.paginator import Page
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.timezone import get_current_timezone_name
from django.utils.translation import get_language

from news.models import ArticlePage

from ..forms import CommentForm
from ..policy import comments_are_open
from ..queries import published_counts, published_thread
from ..text import render_body

register = template.Library()


@register.filter
def comment_body(text: str):
    return render_body(text)


@register.inclusion_tag("comments/block.html", takes_context=True)
def comments_block(context, article) -> dict:
    request = context.get("request")
    params = request.GET if request is not None else {}
    thread = published_thread(article, params.get("komentar"))
    form = context.get("comment_form")
    if form is None or form.article.pk != article.pk:
        form = CommentForm(article, initial={"parent": params.get("balas")})
    reply_to = _reply_target(form, thread)
    if reply_to is None:
        form.initial["parent"] = None
    deferred = bool(context.get("reader_values_deferred")) and not form.is_bound
    if deferred:
        # A page Varnish shares: reader-values.js fetches the stamp from
        # /komentar/stempel/.
        form.initial.update(dict.fromkeys(CommentForm.STAMP_FIELDS, ""))
    is_open = comments_are_open(article)
    return {
        "article": article,
        "thread": thread,
        "comment_list": comment_list(article, thread, is_open=is_open),
        "form": form,
        "reply_to": reply_to,
        "is_open": is_open,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "stamp_deferred": deferred,
        "messages": context.get("messages"),
    }


def comment_list(article, thread, *, is_open: bool) -> str:
    """The thread's page of comments as HTML, rendered once per change.

    The fragment holds nothing of the reader's (the report form with its CSRF
    token, the messages and the comment form stay outside it). Its key names
    the thread's last change (:attr:`comments.queries.Thread.version`, read in
    the same query as the counts), so a comment published, hidden or deleted
    gives a new key and the next render reads the comments again: nothing
    stale is served, and nothing needs purging.
    """
    if not thread.has_comments:
        return ""
    key = "warta:comments:list:{}:{}:{}:{}:{}:{}".format(
        article.pk,
        thread.page.number,
        int(is_open),
        get_language(),
        get_current_timezone_name(),
        ":".join(str(part) for part in thread.version),
    )
    html = cache.get(key)
    if html is None:
        html = render_to_string(
            "comments/comment_list.html", {"thread": thread, "is_open": is_open}
        )
        cache.set(key, html, FRAGMENT_SECONDS)
    return mark_safe(html)


#: A fragment outlives its thread's change only until then; a day bounds the
#: space old versions take in a cache that does not evict.
FRAGMENT_SECONDS = 24 * 3600


def _reply_target(form: CommentForm, thread):
    """The comment being answered, if it is on this page (no extra query)."""
    raw = form["parent"].value()
    if raw in (None, ""):
        return None
    try:
        parent_id = int(raw)
    except (TypeError, ValueError):
        return None
    for comment in thread.comments:
        if comment.pk == parent_id or any(
            reply.pk == parent_id for reply in comment.thread_replies
        ):
            return comment
    return None


@register.simple_tag(takes_context=True)
def comment_count(context, article) -> int:
    """Published comments of ``article``; one query for the whole listing.

    The first card of a page asks for every article the page's context holds
    (its lists, paginator pages and evaluated querysets) and the answer is kept
    on the request; later cards read it from there.
    """
    if (annotated := getattr(article, "comment_count", None)) is not None:
        return annotated
    counts = _request_cache(context)
    if article.pk not in counts:
        ids = {article.pk, *_articles_in_context(context)} - counts.keys()
        counts.update(published_counts(ids))
    return counts[article.pk]


def _request_cache(context) -> dict[int, int]:
    holder = context.get("request") or context
    if not hasattr(holder, "_warta_comment_counts"):
        holder._warta_comment_counts = {}
    return holder._warta_comment_counts


def _articles_in_context(context) -> Iterable[int]:
    for layer in context.dicts:
        for value in layer.values():
            for item in _loaded_items(value):
                if isinstance(item, ArticlePage):
                    yield item.pk


def _loaded_items(value) -> Iterable:
    """Items of ``value`` that are already in memory; never runs a query."""
    if isinstance(value, Page):
        value = value.object_list
    if isinstance(value, QuerySet):
        return value._result_cache or ()
    if isinstance(value, list | tuple):
        return value
    return (value,)
