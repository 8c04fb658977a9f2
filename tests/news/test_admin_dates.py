"""The editor's date fields take back what Wagtail's date pickers write.

The page form renders ``date`` with ``WAGTAIL_DATE_FORMAT`` and ``go_live_at``
with ``WAGTAIL_DATETIME_FORMAT``; the same text posted back must validate to the
same value, in both admin languages (the input formats are per language).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone, translation
from wagtail.models import Page

from news.models import ArticlePage

pytestmark = pytest.mark.django_db

LANGUAGES = ["id", "en"]


@pytest.fixture
def news_index():
    # The form needs a parent page only to check the slug; the tree's root will do.
    return Page.objects.get(depth=1)


def page_form(news_index, data=None, instance=None):
    form_class = ArticlePage.get_edit_handler().get_form_class()
    page = instance or ArticlePage()
    return form_class(data, instance=page, parent_page=news_index, for_user=None)


def rendered_value(form, name: str) -> str:
    html = str(form[name])
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert match, html
    value = re.search(r'value="([^"]*)"', match.group(0))
    return value.group(1) if value else ""


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_default_date_the_editor_shows_posts_back_as_the_same_date(
    news_index, language
):
    with translation.override(language):
        shown = rendered_value(page_form(news_index), "date")
        assert shown == timezone.localdate().strftime("%d.%m.%Y")
        field = page_form(news_index).fields["date"]
        assert field.clean(shown) == timezone.localdate()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_saved_date_and_go_live_time_round_trip_through_the_widgets(
    news_index, language
):
    go_live = timezone.make_aware(dt.datetime(2026, 12, 1, 9, 30))
    article = ArticlePage(title="Rilis", date=dt.date(2026, 12, 1), go_live_at=go_live)
    with translation.override(language):
        form = page_form(news_index, instance=article)
        date_text = rendered_value(form, "date")
        go_live_text = rendered_value(form, "go_live_at")
        assert date_text == "01.12.2026"
        assert go_live_text == "01.12.2026 09:30"
        assert form.fields["date"].clean(date_text) == dt.date(2026, 12, 1)
        assert form.fields["go_live_at"].clean(go_live_text) == go_live


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "typed", ["01.12.2026", "01/12/2026", "01-12-2026", "2026-12-01"]
)
def test_typed_dates_read_day_first_or_iso(news_index, language, typed):
    with translation.override(language):
        field = page_form(news_index).fields["date"]
        assert field.clean(typed) == dt.date(2026, 12, 1)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_go_live_time_is_read_in_the_site_time_zone(news_index, language):
    with translation.override(language):
        field = page_form(news_index).fields["go_live_at"]
        value = field.clean("01.12.2026 09:30")
    assert value == dt.datetime(2026, 12, 1, 1, 30, tzinfo=dt.UTC)
