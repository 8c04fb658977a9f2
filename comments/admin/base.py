"""What every moderation view shares: the permission, its check, the next URL."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permission_policies import ModelPermissionPolicy

from ..models import Comment

#: ``user_has_permission(user, "moderate")`` is ``comments.moderate_comment``.
moderate_policy = ModelPermissionPolicy(Comment)

DECISION_LABELS = {
    "publish": _("Terbitkan"),
    "reject": _("Tolak"),
    "spam": _("Spam"),
    "not_spam": _("Bukan spam"),
}
DECISION_DONE = {
    "publish": _("diterbitkan"),
    "reject": _("ditolak"),
    "spam": _("ditandai spam"),
    "not_spam": _("ditandai bukan spam dan diterbitkan"),
}
#: Keyboard shortcuts of the four decisions (queue.js reads them from the buttons).
DECISION_KEYS = {"publish": "p", "reject": "r", "spam": "s", "not_spam": "n"}


def can_moderate(user) -> bool:
    return moderate_policy.user_has_permission(user, "moderate")


class ModeratorRequiredMixin:
    """Refuse anyone without ``comments.moderate_comment``."""

    def dispatch(self, request, *args, **kwargs):
        if not can_moderate(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ModerationPageMixin(ModeratorRequiredMixin, WagtailAdminTemplateMixin):
    """A moderation page whose header names it ("Komentar › Filter spam"), not
    only Wagtail's "Beranda"."""

    header_icon = "comment"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("komentar:index"), "label": _("Komentar")},
            {"url": "", "label": self.get_page_title()},
        ]


def next_url(request, default: str) -> str:
    return get_valid_next_url_from_request(request) or default
