from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("Berita")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from taggit.models import Tag
        from wagtail.models import Page, PageViewRestriction
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from .models import Category
        from .related import bump_listing_version

        # What an article's cached labels and related cards (news.related) depend on.
        for name, signal in (
            ("published", page_published),
            ("unpublished", page_unpublished),
            ("moved", post_page_move),
        ):
            signal.connect(bump_listing_version, dispatch_uid=f"news.related.{name}")
        for model in (Page, PageViewRestriction, Category, Tag):
            post_delete.connect(
                bump_listing_version,
                sender=model,
                dispatch_uid=f"news.related.delete.{model.__name__}",
            )
        for model in (PageViewRestriction, Category, Tag):
            post_save.connect(
                bump_listing_version,
                sender=model,
                dispatch_uid=f"news.related.save.{model.__name__}",
            )
