"""Public comment views: thin; the form checks, the services decide.

Everything works without JavaScript: a POST, then a redirect to the article with
a message, or the article again (status 400/429) with the errors next to the
fields and the reader's text kept.
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from wagtail.models import PageViewRestriction

from news.models import ArticlePage

from . import policy, services
from .forms import CommentForm
from .legible import undecodable_fields
from .models import Comment, Status
from .privacy import RequestInfo


def _article_or_404(article_id) -> ArticlePage:
    """The live article, unless it or an ancestor has a view restriction.

    What ``.live().public()`` finds, in one query: ``public()`` reads every
    restriction of the site first, a second round trip on each POST.
    """
    restricted = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return get_object_or_404(
        ArticlePage.objects.live().filter(~Exists(restricted)), pk=article_id
    )


def render_article_with_form(
    request: HttpRequest, article: ArticlePage, form: CommentForm, *, status: int
) -> HttpResponse:
    """The article page again, its comment form bound to what the reader sent."""
    context = article.get_context(request)
    context["comment_form"] = form
    return TemplateResponse(
        request, article.get_template(request), context, status=status
    )


@never_cache
@require_GET
def form_stamp(request: HttpRequest, article_id: int) -> JsonResponse:
    """The per-reader values of an article's comment form on a page Varnish
    shares (``warta_site.varnish``): the CSRF token and a fresh signed stamp,
    filled in by ``reader-values.js``."""
    article = _article_or_404(article_id)
    return JsonResponse(
        {
            "csrfmiddlewaretoken": get_token(request),
            **CommentForm.new_stamp(article.pk),
        }
    )


@never_cache
@require_GET
def write_comment(request: HttpRequest, article_id: int) -> HttpResponse:
    """The article with its comment form rendered for this reader, uncached:
    where a reader without JavaScript writes when Varnish shares the page."""
    article = _article_or_404(article_id)
    form = CommentForm(article, initial={"parent": request.GET.get("balas")})
    response = render_article_with_form(request, article, form, status=200)
    response["X-Robots-Tag"] = "noindex"
    return response


@require_POST
def post_comment(request: HttpRequest) -> HttpResponse:
    try:
        article_id = int(request.POST.get("article", ""))
    except ValueError:
        return HttpResponseBadRequest(_("Formulir komentar tidak lengkap."))
    article = _article_or_404(article_id)
    form = CommentForm(
        article, data=request.POST, undecodable=undecodable_fields(request)
    )
    if not policy.comments_are_open(article):
        form.is_valid()
        form.add_error(None, _("Komentar untuk berita ini sudah ditutup."))
        return render_article_with_form(request, article, form, status=403)
    if not form.is_valid():
        form.refresh_security()
        return render_article_with_form(request, article, form, status=400)
    submission = services.submit_comment(
        form.get_comment(), request_info=RequestInfo.from_request(request)
    )
    if not submission.accepted:
        form.add_error(None, submission.error)
        status = 429 if submission.code == "rate_limited" else 400
        return render_article_with_form(request, article, form, status=status)
    message, level = _outcome_message(submission)
    messages.add_message(request, level, message, extra_tags="komentar")
    anchor = (
        f"#komentar-{submission.comment.pk}" if submission.published else "#komentar"
    )
    # Without the request Wagtail skips the hostname lookup; the path is relative
    # on a single site and absolute when the article lives on another one.
    return redirect(article.get_url() + anchor)


def _outcome_message(submission: services.Submission) -> tuple[str, int]:
    if services.awaiting_screening(submission.comment):
        # Saved, and screened once the reader has this answer (services.
        # accept_comment): whether it will be published is not known yet.
        if submission.repeated:
            return _("Komentar Anda sudah kami terima dan sedang diperiksa."), (
                messages.INFO
            )
        return _(
            "Terima kasih, komentar Anda sudah kami terima dan sedang diperiksa. "
            "Bila lolos pemeriksaan, komentar Anda tampil di bawah berita ini."
        ), messages.SUCCESS
    if submission.repeated:
        # The same form again (a double click, a retry after "coba lagi"):
        # the first outcome, and nothing new created.
        if submission.published:
            return _("Komentar Anda sudah kami terima dan sudah terbit."), messages.INFO
        return _(
            "Komentar Anda sudah kami terima dan menunggu moderasi."
        ), messages.INFO
    if submission.published:
        return _("Terima kasih, komentar Anda sudah terbit."), messages.SUCCESS
    # Held or binned as spam: a spammer is not told which.
    return _("Komentar Anda menunggu moderasi."), messages.INFO


@require_POST
def report_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = get_object_or_404(
        Comment.objects.select_related("article"),
        pk=comment_id,
        status=Status.PUBLISHED,
    )
    article = _article_or_404(comment.article_id)
    info = RequestInfo.from_request(request)
    try:
        reported = services.report_comment(comment, ip_hash=info.ip_hash)
    except services.CommentRefused as refused:
        messages.error(request, refused.message, extra_tags="komentar")
        return redirect(f"{article.get_url(request)}#komentar-{comment.pk}")
    if reported:
        messages.success(
            request,
            _("Terima kasih, laporan Anda sudah kami terima."),
            extra_tags="komentar",
        )
    else:
        messages.info(
            request, _("Anda sudah melaporkan komentar ini."), extra_tags="komentar"
        )
    return redirect(f"{article.get_url(request)}#komentar-{comment.pk}")
