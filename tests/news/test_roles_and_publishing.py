"""Humas publishes news; roles come from a data migration; Wagtail does the rest."""

import datetime as dt
import io

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.permissions import policy_registry

from news.models import ArticlePage
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def user_in(group_name: str) -> User:
    user = User.objects.create_user(f"u-{group_name.lower()}", password="x")
    user.groups.add(Group.objects.get(name=group_name))
    return user


def test_humas_can_create_edit_and_publish_news_pages(news_index):
    humas = user_in("Humas")
    permissions = news_index.permissions_for_user(humas)
    assert permissions.can_add_subpage()
    article = make_article(news_index)
    article_permissions = article.permissions_for_user(humas)
    assert article_permissions.can_edit()
    assert article_permissions.can_publish()
    assert humas.has_perm("wagtailadmin.access_admin")
    image_policy = policy_registry.get_by_type(get_image_model())
    assert image_policy.user_has_permission(humas, "add")


def test_moderator_cannot_edit_news_pages(news_index):
    moderator = user_in("Moderator")
    article = make_article(news_index)
    assert not article.permissions_for_user(moderator).can_edit()
    assert moderator.has_perm("wagtailadmin.access_admin")


def test_humas_user_creates_an_article_through_the_admin(client, news_index):
    humas = user_in("Humas")
    client.force_login(humas)
    url = f"/admin/pages/add/news/articlepage/{news_index.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "title": "Pemkot Palopo Salurkan Bantuan Banjir",
            "slug": "bantuan-banjir",
            "dateline": "Palopo",
            "date": "2024-05-02",
            "credit_line": "hms/abc",
            "lead": "Pemerintah Kota Palopo menyalurkan bantuan.",
            "body-count": "1",
            "body-0-type": "paragraph",
            "body-0-value": '{"blocks":[{"key":"a","type":"unstyled","depth":0,'
            '"text":"Bantuan disalurkan.","inlineStyleRanges":[],"entityRanges":[]}],'
            '"entityMap":{}}',
            "body-0-deleted": "",
            "body-0-order": "0",
            "body-0-id": "",
            "tags": "",
            "comments_open": "on",
            "action-publish": "action-publish",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    article = ArticlePage.objects.get(slug="bantuan-banjir")
    assert article.live
    assert article.owner == humas


def test_scheduled_article_goes_live_only_when_its_time_comes(news_index, monkeypatch):
    article = make_article(news_index, live=False)
    article.go_live_at = timezone.now() + dt.timedelta(hours=2)
    article.save_revision().publish()
    call_command("publish_scheduled", stdout=io.StringIO())
    article.refresh_from_db()
    assert not article.live
    later = timezone.now() + dt.timedelta(hours=2, seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    call_command("publish_scheduled", stdout=io.StringIO())
    article.refresh_from_db()
    assert article.live


def test_every_edit_is_kept_as_a_revision(news_index):
    article = make_article(news_index)
    article.title = "Judul diperbaiki"
    article.save_revision()
    assert article.revisions.count() == 2
    assert ArticlePage.objects.get(pk=article.pk).has_unpublished_changes
