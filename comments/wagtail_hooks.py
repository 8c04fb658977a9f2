"""Register the "Komentar" admin area: URLs, menu, bulk actions, dashboard panel."""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from . import audit, moderation
from .admin.base import can_moderate
from .admin.blocks import BlockViewSet
from .admin.dashboard import ModerationPanel
from .admin.decisions import BULK_ACTIONS
from .admin.viewsets import CommentViewSet
from .page_cache import CommentFormStamp


class ModeratorMenuItem(MenuItem):
    def is_shown(self, request):
        return can_moderate(request.user)


class HeldCountMixin:
    """Shows the number of held comments in the menu label, e.g. "Antrean (12)"."""

    def render_component(self, request):
        label, self.label = self.label, _with_count(self.label, request)
        try:
            return super().render_component(request)
        finally:
            self.label = label


class QueueMenuItem(HeldCountMixin, ModeratorMenuItem):
    pass


class CommentsMenuItem(HeldCountMixin, SubmenuMenuItem):
    pass


def _with_count(label, request) -> str:
    # The menu and its submenu both show the count: one query per request.
    if not hasattr(request, "_warta_held_count"):
        request._warta_held_count = moderation.held_count()
    held = request._warta_held_count
    return f"{label} ({held})" if held else str(label)


@hooks.register("register_admin_viewset")
def register_viewset():
    return CommentViewSet()


@hooks.register("register_admin_viewset")
def register_block_viewset():
    return BlockViewSet()


@hooks.register("register_log_actions")
def register_log_actions(actions):
    audit.register_actions(actions)


@hooks.register("register_admin_menu_item")
def register_menu():
    submenu = Menu(
        items=[
            QueueMenuItem(
                _("Antrean"),
                reverse("komentar:index"),
                name="antrean",
                icon_name="comment",
                order=100,
            ),
            ModeratorMenuItem(
                _("Folder spam"),
                reverse("komentar:spam"),
                name="folder-spam",
                icon_name="bin",
                order=200,
            ),
            ModeratorMenuItem(
                _("Blokir"),
                reverse("komentar_blokir:index"),
                name="blokir",
                icon_name="cross",
                order=300,
            ),
            ModeratorMenuItem(
                _("Filter spam"),
                reverse("komentar:filter"),
                name="filter-spam",
                icon_name="cogs",
                order=400,
            ),
        ]
    )
    return CommentsMenuItem(
        _("Komentar"), submenu, name="komentar", icon_name="comment", order=250
    )


for action in BULK_ACTIONS:
    hooks.register("register_bulk_action", action)


@hooks.register("construct_homepage_panels")
def add_moderation_panel(request, panels):
    if can_moderate(request.user):
        panels.append(ModerationPanel(request))


@hooks.register("register_permissions")
def moderation_permission():
    return Permission.objects.filter(
        content_type__app_label="comments", codename="moderate_comment"
    )


# The page cache signs the comment form again at each reader's visit.
hooks.register("warta_page_cache_fields", CommentFormStamp)
