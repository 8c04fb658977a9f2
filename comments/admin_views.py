"""The "Komentar" area of the Wagtail admin: the queue, decisions, blocks, the filter.

Every view requires ``comments.moderate_comment`` (the "Moderator" group has it;
"Humas" does not unless granted) on top of Wagtail's admin access. Decisions go
through :mod:`comments.services`; the views decide nothing themselves.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView, View
from django_tasks import TaskResultStatus
from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.bulk_action import BulkAction
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy

import spamfilter
from news.models import ArticlePage

from . import learning, moderation, policy, services
from .models import Block, Comment, CommentPolicy, Status

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


def _next_url(request, default: str) -> str:
    return get_valid_next_url_from_request(request) or default


# The queue


def _queue_articles(request):
    return (
        ArticlePage.objects.filter(comments__status__in=moderation.QUEUE_STATUSES)
        .distinct()
        .order_by("-date", "title")
    )


class QueueFilterSet(WagtailFilterSet):
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"),
        choices=[
            (Status.PENDING.value, Status.PENDING.label),
            (Status.SPAM.value, Status.SPAM.label),
        ],
        widget=forms.CheckboxSelectMultiple,
    )
    article = django_filters.ModelChoiceFilter(
        label=_("Berita"), queryset=_queue_articles
    )
    submitted_at = django_filters.DateFromToRangeFilter(
        label=_("Tanggal kirim"), widget=DateRangePickerWidget
    )
    score = django_filters.RangeFilter(
        field_name="spam_probability", label=_("Peluang spam (0–1)")
    )
    reason = django_filters.CharFilter(
        field_name="reasons", lookup_expr="icontains", label=_("Alasan filter")
    )

    class Meta:
        model = Comment
        fields = []


class TemplateColumn(Column):
    """A column whose cell is a template of its own, given the row's comment."""

    def __init__(self, name, template_name, **kwargs):
        super().__init__(name, **kwargs)
        self.cell_template_name = template_name

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["decision_keys"] = DECISION_KEYS
        context["next_url"] = parent_context.get("queue_next_url", "")
        return context


class QueueView(ModeratorRequiredMixin, IndexView):
    """Held comments first, then spam; filters, search, sorting, bulk actions."""

    model = Comment
    permission_policy = moderate_policy
    permission_required = "moderate"
    any_permission_required = None
    template_name = "comments/admin/queue.html"
    results_template_name = "comments/admin/queue_results.html"
    filterset_class = QueueFilterSet
    search_fields = ["body", "name", "email"]
    search_backend_name = None
    paginate_by = 50
    default_ordering = "-submitted_at"
    page_title = _("Komentar")
    page_subtitle = _("Antrean moderasi")
    header_icon = "comment"
    statuses = moderation.QUEUE_STATUSES

    def get_base_queryset(self):
        return moderation.queue_queryset(self.statuses)

    @cached_property
    def columns(self):
        cells = "comments/admin/cells/"
        return [
            BulkActionsCheckboxColumn("bulk_actions", obj_type="comment"),
            TemplateColumn("comment", cells + "comment.html", label=_("Komentar")),
            TemplateColumn("article", cells + "article.html", label=_("Berita")),
            TemplateColumn(
                "spam_probability",
                cells + "score.html",
                label=_("Peluang spam"),
                sort_key="spam_probability",
            ),
            TemplateColumn(
                "uncertainty",
                cells + "uncertainty.html",
                label=_("Jarak ke ambang"),
                sort_key="uncertainty",
            ),
            TemplateColumn(
                "submitted_at",
                cells + "date.html",
                label=_("Dikirim"),
                sort_key="submitted_at",
            ),
            TemplateColumn("actions", cells + "actions.html", label=_("Keputusan")),
        ]

    def order_queryset(self, queryset):
        ordering = self.ordering or self.default_ordering
        return queryset.order_by("status_rank", ordering, "-pk")

    def paginate_queryset(self, queryset, page_size):
        paginator, page, rows, is_paginated = super().paginate_queryset(
            queryset, page_size
        )
        # Track records and run sizes for this page only: two queries, any size.
        page.object_list = rows = moderation.decorate(rows)
        return paginator, page, rows, is_paginated

    def get_header_buttons(self):
        return [
            HeaderButton(
                _("Folder spam"), url=reverse("komentar:spam"), icon_name="bin"
            ),
            HeaderButton(
                _("Filter spam"), url=reverse("komentar:filter"), icon_name="cogs"
            ),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["queue_next_url"] = self.request.get_full_path()
        context["thresholds"] = policy.queue_thresholds()
        context["decision_keys"] = DECISION_KEYS
        return context


class SpamFolderView(QueueView):
    statuses = (Status.SPAM,)
    page_subtitle = _("Folder spam")

    def get_header_buttons(self):
        return [
            HeaderButton(
                _("Kosongkan folder spam"),
                url=reverse("komentar:empty_spam"),
                icon_name="bin",
                classname="button-secondary",
            )
        ]


# Decisions


class DecideView(ModeratorRequiredMixin, View):
    """POST ``decision``: one of the four decisions on one comment."""

    def post(self, request, pk):
        comment = get_object_or_404(Comment, pk=pk)
        decision = request.POST.get("decision", "")
        if decision not in services.DECISIONS:
            raise Http404
        note = learning.CONFIRM_TAG if request.POST.get("confirm_duplicate") else ""
        services.apply_decision(comment, decision, moderator=request.user, note=note)
        messages.success(
            request,
            _("Komentar dari %(name)s %(done)s.")
            % {"name": comment.name, "done": DECISION_DONE[decision]},
        )
        return redirect(_next_url(request, reverse("komentar:index")))


class RunView(ModeratorRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
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
            count=run.count(),
            next_url=_next_url(self.request, reverse("komentar:index")),
        )
        return context

    def post(self, request, pk):
        run = list(moderation.run_of(self.comment))
        count, _batch = services.decide_many(run, self.decision, moderator=request.user)
        messages.success(
            request,
            ngettext(
                "%(count)d komentar serupa %(done)s.",
                "%(count)d komentar serupa %(done)s.",
                count,
            )
            % {"count": count, "done": DECISION_DONE[self.decision]},
        )
        return redirect(_next_url(request, reverse("komentar:index")))


class DetailView(ModeratorRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
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
            next_url=_next_url(
                self.request, reverse("komentar:detail", args=[comment.pk])
            ),
        )
        return context


# Blocks


class BlockForm(forms.ModelForm):
    class Meta:
        model = Block
        fields = ["kind", "value", "reason"]


class BlockCommenterView(ModeratorRequiredMixin, View):
    """POST ``kind`` (email / ip_hash): block the author of a comment."""

    def post(self, request, pk):
        comment = get_object_or_404(Comment, pk=pk)
        kind = request.POST.get("kind")
        value = {Block.Kind.EMAIL: comment.email, Block.Kind.IP_HASH: comment.ip_hash}
        if kind not in value or not value[kind]:
            raise Http404
        block = services.block_commenter(
            kind=kind,
            value=value[kind],
            moderator=request.user,
            reason=request.POST.get("reason", "")
            or _("Dari komentar #%(pk)s") % {"pk": comment.pk},
        )
        messages.success(request, _("Diblokir: %(block)s") % {"block": block})
        return redirect(
            _next_url(request, reverse("komentar:detail", args=[comment.pk]))
        )


class TrustForm(forms.ModelForm):
    class Meta:
        model = CommentPolicy
        fields = ["trusted_after_published"]


class BlockListView(ModeratorRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """Blocked addresses and IP hashes, and who may skip the hold."""

    template_name = "comments/admin/blocks.html"
    header_icon = "cross"
    page_title = _("Blokir dan pengirim tepercaya")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["blocks"] = Block.objects.select_related("created_by").order_by(
            "-created_at"
        )
        context["form"] = kwargs.get("form") or BlockForm()
        context["trust_form"] = kwargs.get("trust_form") or TrustForm(
            instance=policy.default_policy()
        )
        return context

    def post(self, request):
        form = BlockForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        block = services.block_commenter(moderator=request.user, **form.cleaned_data)
        messages.success(request, _("Diblokir: %(block)s") % {"block": block})
        return redirect("komentar:blocks")


class TrustView(BlockListView):
    """POST: commenters with N published comments skip the hold (0 = never)."""

    def post(self, request):
        form = TrustForm(request.POST, instance=policy.default_policy())
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(trust_form=form))
        form.save()
        messages.success(request, _("Kebijakan pengirim tepercaya disimpan."))
        return redirect("komentar:blocks")


class UnblockView(ModeratorRequiredMixin, View):
    def post(self, request, pk):
        block = get_object_or_404(Block, pk=pk)
        services.unblock(block, moderator=request.user)
        messages.success(request, _("Blokir dicabut: %(block)s") % {"block": block})
        return redirect("komentar:blocks")


# The spam folder


class EmptySpamView(ModeratorRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "comments/admin/empty_spam.html"
    header_icon = "bin"
    page_title = _("Kosongkan folder spam")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        spam = Comment.objects.spam()
        context["total"] = spam.count()
        context["labelled"] = spam.filter(decided_at__isnull=False).count()
        return context

    def post(self, request):
        keep_labels = bool(request.POST.get("keep_labels"))
        count = services.empty_spam(moderator=request.user, keep_labels=keep_labels)
        messages.success(
            request,
            ngettext(
                "%(count)d komentar spam dihapus.",
                "%(count)d komentar spam dihapus.",
                count,
            )
            % {"count": count},
        )
        return redirect("komentar:spam")


# The filter's models: versions, retraining, activation


class FilterView(ModeratorRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "comments/admin/filter.html"
    header_icon = "cogs"
    page_title = _("Filter spam")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["versions"] = list(spamfilter.list_versions())
        context["labels_since"] = learning.labels_since_last_model()
        context["retrain_after"] = learning.retrain_threshold()
        return context


class RetrainView(ModeratorRequiredMixin, View):
    def post(self, request):
        # The immediate backend (dev, tests) has run the task already; a queue
        # backend reports it as waiting.
        result = learning.enqueue_retrain()
        if result.status == TaskResultStatus.SUCCESSFUL:
            outcome = result.return_value
            if outcome["is_active"]:
                message = _("Model %(version)s dilatih dan diaktifkan.")
            else:
                message = _(
                    "Model %(version)s dilatih tetapi tidak diaktifkan: "
                    "lebih buruk dari model aktif pada data validasi."
                )
            messages.success(request, message % {"version": outcome["version"]})
        elif result.status == TaskResultStatus.FAILED:
            messages.error(request, _("Pelatihan ulang gagal; lihat log server."))
        else:
            messages.success(request, _("Pelatihan ulang dijadwalkan."))
        return redirect("komentar:filter")


class ActivateView(ModeratorRequiredMixin, View):
    def post(self, request, version):
        try:
            spamfilter.activate(version, actor=request.user)
        except spamfilter.UnknownVersion as error:
            raise Http404 from error
        except spamfilter.SpamFilterError as error:
            messages.error(request, _("Model tidak dapat dimuat: %s") % error)
        else:
            messages.success(
                request, _("Model %(version)s diaktifkan.") % {"version": version}
            )
        return redirect("komentar:filter")


class RollbackView(ModeratorRequiredMixin, View):
    def post(self, request):
        try:
            row = spamfilter.rollback(actor=request.user)
        except spamfilter.SpamFilterError as error:
            messages.error(request, _("Tidak dapat kembali: %s") % error)
        else:
            messages.success(
                request,
                _("Dikembalikan ke model %(version)s.") % {"version": row.version},
            )
        return redirect("komentar:filter")


# Bulk actions (Wagtail's bulk-action footer in the queue)


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


# The dashboard


class ModerationPanel(Component):
    """Held now; published and caught in the last 7 days; how often overruled."""

    name = "comment_moderation"
    order = 90
    template_name = "comments/admin/dashboard_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        return {
            "stats": moderation.dashboard_stats(days=7),
            "queue_url": reverse("komentar:index"),
        }


# The viewset that wires the URLs under /admin/komentar/


class CommentViewSet(ViewSet):
    name = "komentar"
    icon = "comment"

    def get_urlpatterns(self):
        queue_kwargs = {
            "index_url_name": self.get_url_name("index"),
            "index_results_url_name": self.get_url_name("index_results"),
        }
        spam_kwargs = {
            "index_url_name": self.get_url_name("spam"),
            "index_results_url_name": self.get_url_name("spam_results"),
        }
        return [
            path("", QueueView.as_view(**queue_kwargs), name="index"),
            path(
                "results/",
                QueueView.as_view(**queue_kwargs, results_only=True),
                name="index_results",
            ),
            path("spam/", SpamFolderView.as_view(**spam_kwargs), name="spam"),
            path(
                "spam/results/",
                SpamFolderView.as_view(**spam_kwargs, results_only=True),
                name="spam_results",
            ),
            path("spam/kosongkan/", EmptySpamView.as_view(), name="empty_spam"),
            path("<int:pk>/", DetailView.as_view(), name="detail"),
            path("<int:pk>/putuskan/", DecideView.as_view(), name="decide"),
            path("<int:pk>/serupa/", RunView.as_view(), name="run"),
            path("<int:pk>/blokir/", BlockCommenterView.as_view(), name="block"),
            path("blokir/", BlockListView.as_view(), name="blocks"),
            path("blokir/<int:pk>/cabut/", UnblockView.as_view(), name="unblock"),
            path("blokir/tepercaya/", TrustView.as_view(), name="trust"),
            path("filter/", FilterView.as_view(), name="filter"),
            path("filter/latih/", RetrainView.as_view(), name="retrain"),
            path("filter/kembalikan/", RollbackView.as_view(), name="rollback"),
            path(
                "filter/<str:version>/aktifkan/",
                ActivateView.as_view(),
                name="activate",
            ),
        ]
