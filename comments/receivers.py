"""What follows a comment's status change, after the transaction commits.

Connected in :meth:`comments.apps.CommentsConfig.ready`.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from wagtail.contrib.frontend_cache.utils import purge_pages_from_cache

from news.queries import listing_pages

from .models import Comment, ModerationEvent, Status

logger = logging.getLogger(__name__)


def purge_article_from_cache(sender, comment: Comment, from_status, to_status, **kw):
    """A comment appeared on or left a page: purge it and the lists counting it.

    The article's ancestors (home page, news index with its archive and category
    routes) show comment counts, so they go from the front-end cache too.
    """
    if Status.PUBLISHED not in (from_status, to_status):
        return
    article = comment.article
    try:
        purge_pages_from_cache([article, *listing_pages(article)])
    except Exception:
        logger.exception("Could not purge article %s from cache", comment.article_id)


def notify_parent_of_reply(sender, comment: Comment, from_status, to_status, **kw):
    """Mail the author of the comment answered, when a reply is first published.

    Only for authors who opted in, never to oneself, once per reply; the mail
    shows the replier's name and text, never their email.
    """
    if to_status != Status.PUBLISHED or not comment.parent_id:
        return
    parent = comment.parent
    if not parent.notify_on_reply or parent.email == comment.email:
        return
    if parent.status != Status.PUBLISHED:
        return
    first_publication = not (
        ModerationEvent.objects.filter(comment=comment, to_status=Status.PUBLISHED)
        .exclude(from_status=Status.PUBLISHED)
        .order_by("pk")[1:2]
        .exists()
    )
    if not first_publication:
        return
    article = comment.article
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "parent": parent,
            "reply": comment,
            "article": article,
            "url": f"{article.get_full_url()}#komentar-{comment.pk}",
        }
        subject = render_to_string("comments/email/reply_subject.txt", context)
        body = render_to_string("comments/email/reply_notice.txt", context)
    try:
        send_mail(
            " ".join(subject.split()),
            body,
            None,
            [parent.email],
            fail_silently=False,
        )
    except Exception:
        logger.exception("Reply notice for comment %s could not be sent", comment.pk)
