from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpamFilterConfig(AppConfig):
    name = "spamfilter"
    verbose_name = _("Filter spam")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.core import checks

        from .checks import check_active_model

        checks.register(check_active_model, checks.Tags.models)
