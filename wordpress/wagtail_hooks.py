"""Register the WordPress import in the admin (superusers only)."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_admin_urls")
def register_urls():
    return [
        path("impor-wordpress/", include(admin_views, namespace="wordpress_import"))
    ]


@hooks.register("register_settings_menu_item")
def register_menu():
    return SuperuserMenuItem(
        _("Impor WordPress"), admin_views.index_url(), icon_name="download", order=900
    )
