"""Shared by the Humas browser tests: a Humas user, logging in, screenshots."""

from __future__ import annotations

import re
from pathlib import Path

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


class Screenshots:
    """Numbered full-page screenshots of one journey under the output folder."""

    def __init__(self, folder: Path, journey: str):
        self.folder = folder / journey
        self.folder.mkdir(parents=True, exist_ok=True)
        self.count = 0

    def __call__(self, tab, step: str) -> Path:
        self.count += 1
        path = self.folder / f"{self.count:02d}-{step}.png"
        tab.screenshot(path=str(path), full_page=True)
        return path
