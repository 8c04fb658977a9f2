"""``/admin/komentar/``: one namespace (``komentar:``) for the parts' URLs."""

from __future__ import annotations

from wagtail.admin.viewsets.base import ViewSet

from .blocks import AuthorBlockViewSet
from .decisions import DecisionsViewSet
from .queue import QueueViewSet
from .versions import VersionsViewSet


class CommentViewSet(ViewSet):
    """The queue, decisions, author blocks and filter versions under
    ``komentar:`` (their URL names predate the split); the block list is its own
    ModelViewSet (``komentar_blokir:``, :mod:`comments.admin.blocks`)."""

    name = "komentar"
    icon = "comment"
    parts = (QueueViewSet, DecisionsViewSet, AuthorBlockViewSet, VersionsViewSet)

    def get_urlpatterns(self):
        return [url for part in self.parts for url in part().get_urlpatterns()]
