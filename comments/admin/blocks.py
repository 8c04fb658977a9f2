"""The block list and who may skip the hold: a Wagtail ModelViewSet on ``Block``.

Adding a block and lifting one go through :func:`comments.services.block_commenter`
and :func:`comments.services.unblock` (audited) instead of the generic views'
save and delete; a block is never edited (lift it and add another).
"""

from __future__ import annotations

from django import forms
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import View
from wagtail.admin import messages
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from .. import policy, services
from ..models import Block, Comment, CommentPolicy
from .base import ModeratorRequiredMixin, can_moderate, next_url


class BlockPermissionPolicy(ModelPermissionPolicy):
    """Moderators list, add and lift blocks; nobody edits one."""

    def user_has_permission(self, user, action):
        return action in {"view", "add", "delete"} and can_moderate(user)


class TrustForm(forms.Form):
    trusted_after_published = CommentPolicy._meta.get_field(
        "trusted_after_published"
    ).formfield()


class BlockIndexView(generic.IndexView):
    template_name = "comments/admin/blocks.html"
    results_template_name = "comments/admin/blocks_results.html"
    page_subtitle = _("Blokir dan pengirim tepercaya")

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("created_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        site_policy = policy.default_policy()
        context["trust_form"] = TrustForm(
            initial={"trusted_after_published": site_policy.trusted_after_published}
            if site_policy is not None
            else None
        )
        context["trust_url"] = reverse("komentar_blokir:trust")
        return context


class BlockCreateView(generic.CreateView):
    def save_instance(self):
        return services.block_commenter(
            moderator=self.request.user, **self.form.cleaned_data
        )


class BlockDeleteView(generic.DeleteView):
    def delete_action(self):
        services.unblock(self.object, moderator=self.request.user)


class TrustView(ModeratorRequiredMixin, View):
    """POST: commenters with N published comments skip the hold (0 = never)."""

    def post(self, request):
        site_policy = policy.default_policy()
        form = TrustForm(request.POST)
        if form.is_valid():
            services.set_trusted_after(
                site_policy,
                form.cleaned_data["trusted_after_published"],
                moderator=request.user,
            )
            messages.success(request, _("Kebijakan pengirim tepercaya disimpan."))
        else:
            messages.error(request, _("Jumlah komentar terbit tidak valid."))
        return redirect("komentar_blokir:index")


class BlockViewSet(ModelViewSet):
    model = Block
    name = "komentar_blokir"
    url_prefix = "komentar/blokir"
    icon = "cross"
    add_to_admin_menu = False
    copy_view_enabled = False
    form_fields = ["kind", "value", "reason"]
    list_display = ["value", "kind", "reason", "created_by", "created_at"]
    index_view_class = BlockIndexView
    add_view_class = BlockCreateView
    delete_view_class = BlockDeleteView

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("tepercaya/", TrustView.as_view(), name="trust"),
        ]


# Blocking a comment's author from the comment's page


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
            next_url(request, reverse("komentar:detail", args=[comment.pk]))
        )


class AuthorBlockViewSet(ViewSet):
    """``/admin/komentar/<pk>/blokir/``, in :class:`~.viewsets.CommentViewSet`."""

    name = "komentar"

    def get_urlpatterns(self):
        return [path("<int:pk>/blokir/", BlockCommenterView.as_view(), name="block")]
