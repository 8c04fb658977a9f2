"""Who may open what in the admin: five roles × five screens, by status code."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_user

pytestmark = pytest.mark.django_db

SCREENS = ("dashboard", "page_edit", "comment_queue", "images", "settings")
LOGIN = "login"  # redirected to the login page
HOME = "home"  # redirected to the dashboard with "no permission"

MATRIX = {
    "anonymous": dict.fromkeys(SCREENS, LOGIN),
    # A logged-in account without admin access is sent to the login page too.
    "reader": dict.fromkeys(SCREENS, LOGIN),
    "humas": {
        "dashboard": 200,
        "page_edit": 200,
        "comment_queue": HOME,
        "images": 200,
        "settings": HOME,
    },
    "moderator": {
        "dashboard": 200,
        "page_edit": HOME,
        "comment_queue": 200,
        "images": HOME,
        "settings": HOME,
    },
    "superuser": dict.fromkeys(SCREENS, 200),
}


@pytest.fixture
def screens(demo_articles):
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    return {
        "dashboard": reverse("wagtailadmin_home"),
        "page_edit": reverse("wagtailadmin_pages:edit", args=[demo_articles[0].pk]),
        "comment_queue": reverse("komentar:index"),
        "images": reverse("wagtailimages:index"),
        "settings": reverse(
            "wagtailsettings:edit", args=["comments", "commentpolicy", site.pk]
        ),
    }


def user_for(role: str, django_user_model):
    if role == "anonymous":
        return None
    if role == "superuser":
        return django_user_model.objects.create_superuser(
            "admin", "admin@pemkot.example.id", "rahasia-uji-123"
        )
    groups = {"reader": (), "humas": ("Humas",), "moderator": ("Moderator",)}[role]
    return make_user(django_user_model, role, *groups)


def outcome(response) -> int | str:
    if response.status_code != 302:
        return response.status_code
    location = response["Location"]
    if location.startswith(reverse("wagtailadmin_login")):
        return LOGIN
    if location == reverse("wagtailadmin_home"):
        return HOME
    return location


@pytest.mark.parametrize("role", list(MATRIX))
def test_each_role_reaches_exactly_the_admin_screens_it_should(
    role, screens, django_user_model
):
    client = Client()
    if (user := user_for(role, django_user_model)) is not None:
        client.force_login(user)
    seen = {name: outcome(client.get(url)) for name, url in screens.items()}
    assert seen == MATRIX[role]


def test_a_moderator_cannot_publish_a_page_by_posting_to_the_editor(
    demo_articles, django_user_model
):
    article = demo_articles[0]
    client = Client()
    client.force_login(make_user(django_user_model, "moderator", "Moderator"))
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[article.pk]),
        {"title": "Diubah moderator", "action-publish": "1"},
    )
    assert outcome(response) == HOME
    article.refresh_from_db()
    assert article.title != "Diubah moderator"
