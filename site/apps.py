from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WartaSiteConfig(AppConfig):
    name = "warta_site"
    label = "warta_site"
    verbose_name = _("Situs Warta")

    def ready(self) -> None:
        from django.core.checks import Tags, register
        from wagtail.signals import page_published, page_unpublished

        from . import cache

        register(cache.check_shared_cache, Tags.caches, deploy=True)
        # Wagtail purges a published page itself; its listings are ours to purge.
        page_published.connect(
            cache.purge_ancestors, dispatch_uid="warta_site.purge_on_publish"
        )
        page_unpublished.connect(
            cache.purge_ancestors, dispatch_uid="warta_site.purge_on_unpublish"
        )
