"""Staff avatars are initials drawn in the page: nothing is asked of Gravatar."""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from warta_site.avatars import initials, initials_avatar_url

pytestmark = pytest.mark.django_db


def test_initials_come_from_the_name_or_the_username():
    assert initials(User(first_name="Andi", last_name="Baso Rahman")) == "AR"
    assert initials(User(first_name="Andi")) == "A"
    assert initials(User(username="moderator")) == "M"


def test_the_admin_shows_initials_and_never_the_email_hash(client):
    user = User.objects.create_superuser(
        "andi",
        "andi.baso@palopo.go.id",
        "rahasia-uji-123",
        first_name="Andi",
        last_name="Baso",
    )
    client.force_login(user)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "gravatar" not in html
    url = initials_avatar_url(user, 50)
    assert url.startswith("data:image/svg+xml,")
    assert ">AB</text>" in unquote(url)
    assert "data:image/svg+xml," in html


def test_an_uploaded_picture_wins(django_user_model):
    from wagtail.users.models import UserProfile

    user = django_user_model.objects.create_user("humas", "h@palopo.go.id", "x")
    profile = UserProfile.get_for_user(user)
    profile.avatar = "avatar_images/humas.png"
    assert initials_avatar_url(user, 50) is None
