"""Pages of a regional government's news site: home, news index, press release."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import ArticleBodyBlock
from .queries import article_listing
from .related import article_labels_and_related


class Category(models.Model):
    """A news category (Pemerintahan, Pelayanan Publik, ...), managed as a snippet."""

    name = models.CharField(_("nama"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("induk"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("parent")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("kategori")
        verbose_name_plural = _("kategori")

    def __str__(self) -> str:
        return self.name


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "news.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class HomePage(Page):
    intro = models.TextField(_("pengantar"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["news.NewsIndexPage", "news.SimplePage"]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("beranda")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict:
        context = super().get_context(request, *args, **kwargs)
        articles = article_listing(ArticlePage.objects.live().public())
        context["featured_articles"] = list(articles.filter(featured=True)[:3])
        featured_ids = [a.pk for a in context["featured_articles"]]
        context["latest_articles"] = list(articles.exclude(pk__in=featured_ids)[:9])
        context["news_index"] = NewsIndexPage.objects.live().first()
        return context


class NewsIndexPage(RoutablePageMixin, Page):
    """The list of press releases: newest first, by category, tag or month."""

    intro = models.TextField(_("pengantar"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["news.ArticlePage"]
    parent_page_types = ["news.HomePage"]
    page_size = 10

    class Meta:
        verbose_name = _("indeks berita")

    def articles(self):
        return article_listing(ArticlePage.objects.live().public().descendant_of(self))

    def paginate(self, request: HttpRequest, queryset):
        paginator = Paginator(queryset, self.page_size)
        return paginator.get_page(request.GET.get("halaman"))

    def archive_months(self) -> list[dt.date]:
        dates = (
            ArticlePage.objects.live()
            .public()
            .descendant_of(self)
            .dates("date", "month", order="DESC")
        )
        return list(dates)

    def render_listing(self, request: HttpRequest, queryset, **extra: Any):
        context = {
            "articles": self.paginate(request, queryset),
            "categories": Category.objects.all(),
            "archive_months": self.archive_months(),
            **extra,
        }
        return self.render(request, context_overrides=context)

    def route(self, request: HttpRequest, path_components: list[str]):
        # A single component is an article (the index's own routes have none or
        # three): fetch it as an ArticlePage in one query instead of Wagtail's
        # generic child lookup followed by a second query for the specific page.
        if len(path_components) == 1 and self.live:
            try:
                article = ArticlePage.objects.child_of(self).get(
                    slug=path_components[0]
                )
            except ArticlePage.DoesNotExist:
                pass
            else:
                article._cached_parent_obj = self
                return article.route(request, [])
        return super().route(request, path_components)

    @path("")
    def index(self, request: HttpRequest):
        queryset = self.articles()
        category = tag = None
        if slug := request.GET.get("kategori"):
            category = Category.objects.filter(slug=slug).first()
            if category is None:
                raise Http404
            queryset = queryset.filter(categories=category)
        if tag := request.GET.get("tag"):
            queryset = queryset.filter(tags__slug=tag).distinct()
        return self.render_listing(
            request, queryset, active_category=category, active_tag=tag
        )

    @path("arsip/<int:year>/<int:month>/")
    def archive(self, request: HttpRequest, year: int, month: int):
        if not 1 <= month <= 12:
            raise Http404
        queryset = self.articles().filter(date__year=year, date__month=month)
        return self.render_listing(
            request, queryset, archive_month=dt.date(year, month, 1)
        )


class ArticlePage(Page):
    """A press release from the humas (public relations) office."""

    dateline = models.CharField(
        _("tempat (dateline)"),
        max_length=60,
        help_text=_("Kota tempat berita ditulis, mis. PALOPO."),
    )
    date = models.DateField(_("tanggal terbit"), default=timezone.localdate)
    lead = models.TextField(
        _("ringkasan"), help_text=_("Satu atau dua kalimat pembuka berita.")
    )
    body = StreamField(ArticleBodyBlock(), verbose_name=_("isi"))
    featured_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("gambar utama"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    featured_image_alt = models.CharField(
        _("teks alternatif gambar utama"),
        max_length=250,
        blank=True,
        help_text=_("Wajib bila ada gambar utama: apa yang tampak pada gambar."),
    )
    credit_line = models.CharField(
        _("kredit humas"),
        max_length=60,
        blank=True,
        help_text=_("Inisial humas, mis. hms/iys."),
    )
    categories = ParentalManyToManyField(
        Category, verbose_name=_("kategori"), blank=True, related_name="articles"
    )
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True)
    featured = models.BooleanField(_("berita pilihan"), default=False)
    comments_open = models.BooleanField(_("komentar dibuka"), default=True)
    comments_close_after_days = models.PositiveIntegerField(
        _("tutup komentar setelah (hari)"),
        null=True,
        blank=True,
        help_text=_("Kosongkan agar komentar tetap terbuka."),
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("dateline"), FieldPanel("date"), FieldPanel("credit_line")],
            heading=_("Keterangan rilis"),
        ),
        FieldPanel("lead"),
        MultiFieldPanel(
            [FieldPanel("featured_image"), FieldPanel("featured_image_alt")],
            heading=_("Gambar utama"),
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                # Check boxes: a multiple <select> needs Ctrl-click to add one.
                FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
                FieldPanel("tags"),
                FieldPanel("featured"),
            ],
            heading=_("Klasifikasi"),
        ),
        MultiFieldPanel(
            [FieldPanel("comments_open"), FieldPanel("comments_close_after_days")],
            heading=_("Komentar"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("lead"),
        index.SearchField("body"),
        index.SearchField("dateline"),
        index.FilterField("date"),
        index.RelatedFields("categories", [index.SearchField("name")]),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("berita")
        verbose_name_plural = _("berita")

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        super().clean()
        if self.featured_image_id and not self.featured_image_alt.strip():
            raise ValidationError(
                {"featured_image_alt": _("Isi teks alternatif untuk gambar utama.")}
            )

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict:
        context = super().get_context(request, *args, **kwargs)
        (
            context["categories"],
            context["tags"],
            context["related_articles"],
        ) = article_labels_and_related(self, request)
        return context

    def plain_text(self) -> str:
        """The article as text (title, lead, paragraphs), for search and the filter."""
        from django.utils.html import strip_tags

        parts = [self.title, self.lead]
        for block in self.body:
            if block.block_type == "paragraph":
                parts.append(strip_tags(block.value.source))
            elif block.block_type == "quote":
                parts.append(block.value["quote"])
        return "\n\n".join(p for p in parts if p)


class SimplePage(Page):
    """A standing page of the site (profil, kontak, layanan), possibly nested."""

    body = StreamField(ArticleBodyBlock(), verbose_name=_("isi"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    parent_page_types = ["news.HomePage", "news.SimplePage"]
    subpage_types = ["news.SimplePage"]

    class Meta:
        verbose_name = _("halaman")
        verbose_name_plural = _("halaman")
