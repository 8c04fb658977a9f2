"""Every moderation page speaks the moderator's language: Indonesian or English."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from comments.models import Block, Status
from tests.factories import make_held_comment

pytestmark = pytest.mark.django_db

# Words of our moderation screens in the other language.
ENGLISH = re.compile(
    r"\b(There are no|to display|Publish|Reject|Not spam|Block(ed)?|Unblock|"
    r"Retrain|Roll ?back|Threshold|"
    r"Spam folder|Queue|Shortcuts|Similar|History|created (by|at)|Metrics)\b"
)
INDONESIAN = re.compile(
    r"\b(Terbitkan|Tolak|Bukan spam|Blokir|Cabut|Latih ulang|Kembalikan|Ambang|"
    r"Folder spam|Antrean|Pintasan|serupa|Riwayat|Sebelumnya|belum dinilai|"
    r"Peluang spam|Keputusan|Dikirim|Berita|Semua|Metrik|Pengirim tepercaya|"
    r"Tidak ada)\b"
)


@pytest.fixture
def pages(article):
    held = make_held_comment(article, fingerprint="run", reasons=["filter_timeout"])
    make_held_comment(article, fingerprint="run")
    make_held_comment(article, status=Status.SPAM)
    Block.objects.create(kind="email", value="promo@judi.example")
    return {
        "queue": reverse("komentar:index"),
        "empty_queue": reverse("komentar:index") + "?status=spam&q=tidak-ada",
        "spam": reverse("komentar:spam"),
        "detail": reverse("komentar:detail", args=[held.pk]),
        "run": reverse("komentar:run", args=[held.pk]) + "?decision=publish",
        "empty_spam": reverse("komentar:empty_spam"),
        "filter": reverse("komentar:filter"),
        "blocks": reverse("komentar_blokir:index"),
        "add_block": reverse("komentar_blokir:add"),
        "bulk": f"/admin/bulk/comments/comment/publish/?id={held.pk}"
        "&next=/admin/komentar/",
        "dashboard": reverse("wagtailadmin_home"),
    }


def main_text(response) -> str:
    soup = BeautifulSoup(response.content, "html.parser")
    main = soup.find("main")
    for hidden in main.select("script, template, .w-sr-only"):
        hidden.decompose()
    return main.get_text(" ", strip=True)


@pytest.mark.parametrize(
    ("language", "foreign", "own"),
    [("id", ENGLISH, INDONESIAN), ("en", INDONESIAN, ENGLISH)],
)
def test_moderation_pages_speak_one_language(
    moderator_client, moderator, pages, language, foreign, own
):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(moderator)
    profile.preferred_language = language
    profile.save()
    found = {}
    for name, url in pages.items():
        response = moderator_client.get(url)
        assert response.status_code == 200, name
        text = main_text(response)
        if name in ("queue", "detail", "filter"):
            assert own.search(text), (name, text[:200])
        words = {m.group(0) for m in foreign.finditer(text)}
        if words:
            found[name] = sorted(words)
    assert found == {}


def test_an_empty_queue_and_block_list_say_so_in_indonesian(moderator_client):
    for url in (reverse("komentar:index"), reverse("komentar_blokir:index")):
        text = main_text(moderator_client.get(url))
        assert not ENGLISH.search(text), (url, ENGLISH.search(text).group(0))
    assert "Tidak ada komentar di sini." in main_text(
        moderator_client.get(reverse("komentar:spam"))
    )
