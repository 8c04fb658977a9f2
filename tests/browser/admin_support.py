"""Shared by the admin browser tests: users, logging in, the moderator's pages."""

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


def moderator_pages() -> list[tuple[str, str]]:
    """(name, address) of each moderation page, with held, spam and a block to show."""
    from django.urls import reverse

    from comments.models import Block, Status
    from news.models import ArticlePage
    from tests.factories import make_held_comment

    article = ArticlePage.objects.live().first()
    held = make_held_comment(article, fingerprint="run", reasons=["filter_timeout"])
    make_held_comment(article, fingerprint="run")
    make_held_comment(article, status=Status.SPAM)
    Block.objects.create(kind="email", value="promo@judi.example")
    return [
        ("dasbor-moderator", reverse("wagtailadmin_home")),
        ("antrean", reverse("komentar:index")),
        ("folder-spam", reverse("komentar:spam")),
        ("rincian-komentar", reverse("komentar:detail", args=[held.pk])),
        ("daftar-blokir", reverse("komentar_blokir:index")),
        ("filter-spam", reverse("komentar:filter")),
    ]


def moderator_user(username: str = "moderator"):
    """A user in the Moderator group."""
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user(username, f"{username}@palopo.id", PASSWORD)
    user.groups.add(Group.objects.get(name="Moderator"))
    return user
