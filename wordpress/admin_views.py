"""The import in the Wagtail admin, for superusers: upload, dry run, run in the
background, follow its progress."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .importer import Options, import_export
from .tasks import job_state, run_import, set_job_state

_TOKEN = re.compile(r"^[0-9a-f]{32}$")


def upload_dir() -> Path:
    return Path(settings.VAR_DIR) / "wordpress"


class ImportForm(forms.Form):
    export = forms.FileField(
        label=_("Berkas ekspor WordPress (WXR .xml)"), required=False
    )
    token = forms.CharField(widget=forms.HiddenInput, required=False)
    media_dir = forms.CharField(
        label=_("Folder media di server (salinan wp-content/uploads)"), required=False
    )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"]
        if token and not (
            _TOKEN.match(token) and (upload_dir() / f"{token}.xml").is_file()
        ):
            raise forms.ValidationError(_("Unggahan tidak ditemukan; unggah lagi."))
        return token

    def clean_media_dir(self) -> str:
        media_dir = self.cleaned_data["media_dir"].strip()
        if media_dir and not Path(media_dir).is_dir():
            raise forms.ValidationError(_("Folder tidak ditemukan di server."))
        return media_dir

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("export") and not cleaned.get("token"):
            raise forms.ValidationError(_("Pilih berkas ekspor."))
        return cleaned

    def saved_path(self) -> tuple[str, Path]:
        """The export on disk (saved now if just uploaded) and its token."""
        token = self.cleaned_data.get("token")
        if not token:
            token = uuid.uuid4().hex
            upload_dir().mkdir(parents=True, exist_ok=True)
            with (upload_dir() / f"{token}.xml").open("wb") as out:
                for chunk in self.cleaned_data["export"].chunks():
                    out.write(chunk)
        return token, upload_dir() / f"{token}.xml"


class SuperuserRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]


class ImportView(SuperuserRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "wordpress/admin/import.html"
    page_title = _("Impor WordPress")
    header_icon = "download"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ImportForm())
        return context

    def post(self, request):
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        token, export = form.saved_path()
        media_dir = form.cleaned_data["media_dir"]
        if "run" in request.POST:
            job = uuid.uuid4().hex
            set_job_state(job)
            run_import.enqueue(str(export), media_dir, job)
            return redirect("wordpress_import:status", job=job)
        report = import_export(
            export,
            Options(media_dir=Path(media_dir) if media_dir else None, dry_run=True),
        )
        form = ImportForm(initial={"token": token, "media_dir": media_dir})
        return self.render_to_response(
            self.get_context_data(form=form, report=report.lines(), token=token)
        )


class StatusView(SuperuserRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "wordpress/admin/status.html"
    page_title = _("Impor WordPress")
    header_icon = "download"

    def get_context_data(self, job: str, **kwargs):
        context = super().get_context_data(**kwargs)
        state = job_state(job) if _TOKEN.match(job) else None
        if state is None:
            raise Http404
        context.update(
            percent=state["percent"],
            done=state["done"],
            failed=state["failed"],
            report=state.get("lines"),
        )
        return context


app_name = "wordpress_import"
urlpatterns = [
    path("", ImportView.as_view(), name="index"),
    path("status/<str:job>/", StatusView.as_view(), name="status"),
]


def index_url() -> str:
    return reverse("wordpress_import:index")
