"""Decisions: on one comment, on a run of near-identical ones, on a selection.

Each goes through :mod:`comments.services` (``decide``, ``decide_many``) with the
moderator, which writes the audit rows; a bulk or group decision is one batch.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.views.bulk_action import BulkAction
from wagtail.admin.viewsets.base import ViewSet

from .. import moderation, policy, services
from ..models import Comment, Status
from .base import (
    DECISION_DONE,
    DECISION_KEYS,
    DECISION_LABELS,
    ModerationPageMixin,
    ModeratorRequiredMixin,
    can_moderate,
    next_url,
)
from .queue import QueueView, SpamFolderView


class DecideView(ModeratorRequiredMixin, View):
    """POST ``decision``: one of the four decisions on one comment."""

    def post(self, request, pk):
        comment = get_object_or_404(Comment, pk=pk)
        decision = request.POST.get("decision", "")
        if decision not in services.DECISIONS:
            raise Http404
        if request.GET.get("group") and comment.campaign:
            # The queue's row of a campaign group stands for the whole group.
            return _decide_group(request, moderation.with_groups([comment]), decision)
        services.apply_decision(
            comment,
            decision,
            moderator=request.user,
            confirmed=bool(request.POST.get("confirm_duplicate")),
        )
        messages.success(
            request,
            _("Komentar dari %(name)s %(done)s.")
            % {"name": comment.name, "done": DECISION_DONE[decision]},
        )
        return redirect(next_url(request, reverse("komentar:index")))


class RunView(ModerationPageMixin, TemplateView):
    """One decision for a whole run of near-identical comments (GET confirms)."""

    template_name = "comments/admin/run_confirm.html"
    header_icon = "comment"
    page_title = _("Komentar serupa")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.comment = get_object_or_404(Comment, pk=kwargs["pk"])
        self.decision = request.GET.get("decision") or request.POST.get("decision")
        if self.decision not in services.DECISIONS:
            self.decision = "reject"

    def get_context_data(self, **kwargs):
        run = moderation.run_of(self.comment).order_by("submitted_at")
        context = super().get_context_data(**kwargs)
        context.update(
            comment=self.comment,
            decision=self.decision,
            decision_label=DECISION_LABELS[self.decision],
            run=run[:20],
            **run.aggregate(
                count=Count("pk"),
                published=Count("pk", filter=Q(status=Status.PUBLISHED)),
            ),
            next_url=next_url(self.request, reverse("komentar:index")),
        )
        return context

    def post(self, request, pk):
        run = list(moderation.run_of(self.comment))
        return _decide_group(request, run, self.decision)


def _decide_group(request, comments, decision: str):
    """One decision on several comments (a run, a campaign group), told as one."""
    count, _batch = services.decide_many(comments, decision, moderator=request.user)
    messages.success(request, _group_done(count, decision))
    return redirect(next_url(request, reverse("komentar:index")))


def _group_done(count: int, decision: str) -> str:
    return ngettext(
        "%(count)d komentar serupa %(done)s.",
        "%(count)d komentar serupa %(done)s.",
        count,
    ) % {"count": count, "done": DECISION_DONE[decision]}


class DetailView(ModerationPageMixin, TemplateView):
    """One comment: its text and reasons, the article, track record, history."""

    template_name = "comments/admin/detail.html"
    header_icon = "comment"
    page_title = _("Komentar")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        comment = get_object_or_404(
            Comment.objects.select_related("article", "decided_by"), pk=kwargs["pk"]
        )
        self.comment = moderation.decorate([comment])[0]

    def get_page_subtitle(self):
        return self.comment.name

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("komentar:index"), "label": _("Komentar")},
            {"url": "", "label": self.comment.name},
        ]

    def get_context_data(self, **kwargs):
        comment = self.comment
        context = super().get_context_data(**kwargs)
        context.update(
            comment=comment,
            events=comment.events.select_related("actor").order_by("-created_at"),
            lookalikes=moderation.published_lookalikes(comment),
            run=moderation.run_of(comment).exclude(pk=comment.pk)[:10],
            blocks=list(policy.blocks_for(comment)),
            decisions=[
                (name, DECISION_LABELS[name], DECISION_KEYS[name])
                for name in services.DECISIONS
            ],
            next_url=next_url(
                self.request, reverse("komentar:detail", args=[comment.pk])
            ),
        )
        return context


class CommentBulkAction(BulkAction):
    """One of the four decisions on the selected comments, as one batch."""

    models = [Comment]
    template_name = "comments/admin/bulk_confirm.html"
    decision = ""

    def dispatch(self, request, *args, **kwargs):
        if not can_moderate(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @classmethod
    def get_queryset(cls, model, object_ids):
        return list(Comment.objects.filter(pk__in=object_ids).select_related("article"))

    def get_all_objects_in_listing_query(self, parent_id):
        # "All in listing" keeps the listing's filters (the footer sends the query)
        # and its statuses: the spam folder's "all" is all spam, the queue's is
        # held and spam.
        if self.next_url.startswith(reverse("komentar:spam")):
            view = SpamFolderView(
                index_url_name="komentar:spam",
                index_results_url_name="komentar:spam_results",
            )
        else:
            view = QueueView(
                index_url_name="komentar:index",
                index_results_url_name="komentar:index_results",
            )
        view.setup(self.request)
        return view.get_queryset().values_list("pk", flat=True)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["decision_label"] = DECISION_LABELS[self.decision]
        context["header_icon"] = "comment"
        return context

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        # The queue shows a campaign group on one row: deciding it decides them all.
        objects = moderation.with_groups(objects)
        count, _batch = services.decide_many(objects, cls.decision, moderator=user)
        return count, 0

    def get_execution_context(self):
        return {"user": self.request.user}

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d komentar %(done)s.",
            "%(count)d komentar %(done)s.",
            num_parent_objects,
        ) % {"count": num_parent_objects, "done": DECISION_DONE[self.decision]}


class PublishBulkAction(CommentBulkAction):
    decision = action_type = "publish"
    display_name = DECISION_LABELS["publish"]
    aria_label = _("Terbitkan komentar terpilih")
    action_priority = 10


class RejectBulkAction(CommentBulkAction):
    decision = action_type = "reject"
    display_name = DECISION_LABELS["reject"]
    aria_label = _("Tolak komentar terpilih")
    action_priority = 20


class SpamBulkAction(CommentBulkAction):
    decision = action_type = "spam"
    display_name = DECISION_LABELS["spam"]
    aria_label = _("Tandai komentar terpilih sebagai spam")
    action_priority = 30
    classes = {"serious"}


class NotSpamBulkAction(CommentBulkAction):
    decision = action_type = "not_spam"
    display_name = DECISION_LABELS["not_spam"]
    aria_label = _("Tandai komentar terpilih bukan spam")
    action_priority = 40


BULK_ACTIONS = [PublishBulkAction, RejectBulkAction, SpamBulkAction, NotSpamBulkAction]


class DecisionsViewSet(ViewSet):
    """One comment's page and decisions, in :class:`~.viewsets.CommentViewSet`."""

    name = "komentar"

    def get_urlpatterns(self):
        return [
            path("<int:pk>/", DetailView.as_view(), name="detail"),
            path("<int:pk>/putuskan/", DecideView.as_view(), name="decide"),
            path("<int:pk>/serupa/", RunView.as_view(), name="run"),
        ]
