"""The queue: held comments first, then spam; the spam folder and emptying it."""

from __future__ import annotations

import django_filters
from django import forms
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets.button import HeaderButton

from .. import moderation, policy, services
from ..models import Comment, Status
from .base import (
    DECISION_KEYS,
    ModerationPageMixin,
    ModeratorRequiredMixin,
    moderate_policy,
)


def _queue_articles(request):
    from news.models import ArticlePage

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
        label=_("Peluang spam (%)"), method="filter_score"
    )
    reason = django_filters.CharFilter(
        field_name="reasons", lookup_expr="icontains", label=_("Alasan filter")
    )

    class Meta:
        model = Comment
        fields = []

    def filter_score(self, queryset, name, value):
        # Moderators read and type percentages; the scores are stored as 0..1.
        if value.start is not None:
            queryset = queryset.filter(spam_probability__gte=value.start / 100)
        if value.stop is not None:
            queryset = queryset.filter(spam_probability__lte=value.stop / 100)
        return queryset


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
    # The title alone, not "Komentar" with a subtitle: beside the header's
    # buttons and search the subtitle was cut at 1,200 px ("Antrean mod").
    page_title = _("Antrean moderasi")
    header_icon = "comment"
    statuses = moderation.QUEUE_STATUSES

    def get_base_queryset(self):
        return moderation.one_row_per_group(
            moderation.queue_queryset(self.statuses), self.statuses
        )

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
    page_title = _("Folder spam")

    def get_header_buttons(self):
        return [
            HeaderButton(
                _("Kosongkan folder spam"),
                url=reverse("komentar:empty_spam"),
                icon_name="bin",
                classname="button-secondary",
            )
        ]


# The spam folder


class EmptySpamView(ModerationPageMixin, TemplateView):
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


class QueueViewSet(ViewSet):
    """The queue and the spam folder: in :class:`~.viewsets.CommentViewSet`."""

    name = "komentar"

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
        ]
