"""RSS 2.0 and Atom feeds of the latest press releases."""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from .models import ArticlePage
from .queries import article_listing


class LatestArticlesFeed(Feed):
    title = _("Berita terbaru")
    description = _("Siaran pers terbaru dari Humas Pemerintah Daerah.")
    language = "id"
    limit = 20

    def __call__(self, request, *args, **kwargs):
        self.site = Site.find_for_request(request)
        return super().__call__(request, *args, **kwargs)

    def link(self) -> str:
        return self.site.root_url if self.site else "/"

    def items(self):
        queryset = ArticlePage.objects.live().public()
        if self.site:
            queryset = queryset.descendant_of(self.site.root_page, inclusive=True)
        return article_listing(queryset)[: self.limit]

    def item_title(self, item: ArticlePage) -> str:
        return item.title

    def item_description(self, item: ArticlePage) -> str:
        return item.lead

    def item_link(self, item: ArticlePage) -> str:
        return item.get_full_url()

    def item_guid(self, item: ArticlePage) -> str:
        return item.get_full_url()

    def item_pubdate(self, item: ArticlePage) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(item.date, dt.time(8, 0)))

    def item_updateddate(self, item: ArticlePage) -> dt.datetime | None:
        return item.last_published_at

    def item_categories(self, item: ArticlePage) -> list[str]:
        return [category.name for category in item.categories.all()]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description
