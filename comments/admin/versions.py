"""The spam filter's model versions: the list, retraining, activation, rollback."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View
from django_tasks import TaskResultStatus
from wagtail.admin import messages
from wagtail.admin.viewsets.base import ViewSet

from .. import learning
from . import filter_api
from .base import ModerationPageMixin, ModeratorRequiredMixin

#: How the sources of the validation data are named on the page.
SOURCE_LABELS = {"all": _("Semua"), "moderator": _("Keputusan moderator")}


@dataclass(frozen=True)
class MetricsRow:
    """One line of a model's validation table (rates as fractions or None)."""

    source: str
    n: int | None
    roc_auc: float | None
    spam_recall: float | None
    spam_fpr: float | None
    hold_recall: float | None
    hold_fpr: float | None


def metrics_rows(metrics: dict | None) -> list[MetricsRow]:
    """The validation figures of a model version, all rows first, per source."""
    validation = (metrics or {}).get("validation") or {}
    rows = []
    for source, figures in validation.items():
        spam, hold = figures.get("spam") or {}, figures.get("hold") or {}
        rows.append(
            MetricsRow(
                source=str(SOURCE_LABELS.get(source, source)),
                n=figures.get("n"),
                roc_auc=figures.get("roc_auc"),
                spam_recall=spam.get("recall"),
                spam_fpr=spam.get("false_positive_rate"),
                hold_recall=hold.get("recall"),
                hold_fpr=hold.get("false_positive_rate"),
            )
        )
    rows.sort(key=lambda row: row.source != SOURCE_LABELS["all"])
    return rows


class FilterView(ModerationPageMixin, TemplateView):
    template_name = "comments/admin/filter.html"
    header_icon = "cogs"
    page_title = _("Filter spam")
    page_subtitle = _("Versi model")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        versions = filter_api.list_versions()
        for version in versions:
            version.metrics_rows = metrics_rows(version.metrics)
        context["versions"] = versions
        context["labels_since"] = learning.labels_since_last_model()
        context["retrain_after"] = learning.retrain_threshold()
        return context


class RetrainView(ModeratorRequiredMixin, View):
    def post(self, request):
        # The immediate backend (dev, tests) has run the task already; a queue
        # backend reports it as waiting.
        result = filter_api.retrain(moderator=request.user)
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
            filter_api.activate(version, moderator=request.user)
        except LookupError as error:
            raise Http404 from error
        except filter_api.SpamFilterError as error:
            messages.error(request, _("Model tidak dapat dimuat: %s") % error)
        else:
            messages.success(
                request, _("Model %(version)s diaktifkan.") % {"version": version}
            )
        return redirect("komentar:filter")


class RollbackView(ModeratorRequiredMixin, View):
    def post(self, request):
        try:
            row = filter_api.rollback(moderator=request.user)
        except filter_api.SpamFilterError as error:
            messages.error(request, _("Tidak dapat kembali: %s") % error)
        else:
            messages.success(
                request,
                _("Dikembalikan ke model %(version)s.") % {"version": row.version},
            )
        return redirect("komentar:filter")


class VersionsViewSet(ViewSet):
    """``/admin/komentar/filter/``: in :class:`~.viewsets.CommentViewSet`."""

    name = "komentar"

    def get_urlpatterns(self):
        return [
            path("filter/", FilterView.as_view(), name="filter"),
            path("filter/latih/", RetrainView.as_view(), name="retrain"),
            path("filter/kembalikan/", RollbackView.as_view(), name="rollback"),
            path(
                "filter/<str:version>/aktifkan/",
                ActivateView.as_view(),
                name="activate",
            ),
        ]
