from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.staticfiles import versioned_static
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Category


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "tag"
    menu_label = _("Kategori")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "slug"]
    search_fields = ["name"]


register_snippet(CategoryViewSet)


@hooks.register("insert_editor_js")
def editor_text_saved_on_submit():
    script = versioned_static("news/admin/editor-text.js")
    return format_html('<script defer src="{}"></script>', script)
