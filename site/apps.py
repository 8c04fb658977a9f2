from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WartaSiteConfig(AppConfig):
    name = "warta_site"
    label = "warta_site"
    verbose_name = _("Situs Warta")
