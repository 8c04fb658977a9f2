from django.urls import path

from . import feeds, views

urlpatterns = [
    path("cari/", views.search, name="search"),
    path("feed/", feeds.LatestArticlesFeed(), name="feed_rss"),
    path("feed/atom/", feeds.LatestArticlesAtomFeed(), name="feed_atom"),
]
