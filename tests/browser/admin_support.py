"""Shared by the Humas browser tests: a Humas user, logging in, screenshots."""

from __future__ import annotations

import re

PASSWORD = "rahasia-uji-123"


def humas_user(username: str = "humas", *, language: str = ""):
    """A user in the Humas group; ``language`` sets their admin language."""
    from django.contrib.auth.models import Group, User
    from wagtail.users.models import UserProfile

    user = User.objects.create_user(username, f"{username}@palopo.id", PASSWORD)
    user.groups.add(Group.objects.get(name="Humas"))
    if language:
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save()
    return user


def log_in(tab, username: str) -> None:
    tab.goto("/admin/login/")
    tab.get_by_label(re.compile("Nama pengguna|Username", re.I)).fill(username)
    tab.get_by_label(re.compile("Kata sandi|Password", re.I)).fill(PASSWORD)
    tab.get_by_role("button", name=re.compile("Masuk|Sign in", re.I)).click()
    tab.wait_for_url("**/admin/")
