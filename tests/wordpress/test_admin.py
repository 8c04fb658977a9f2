"""The import in the admin: superusers only; dry run, then a background run."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from news.models import ArticlePage

SMALL = Path(__file__).parent / "data" / "small.xml"


@pytest.fixture
def superuser_client(client, news_index, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    user = get_user_model().objects.create_superuser("root", "root@example.com", "x")
    client.force_login(user)
    return client


def test_only_superusers_reach_the_import(client, news_index):
    user = get_user_model().objects.create_user("humas1", password="x", is_staff=True)
    from django.contrib.auth.models import Group

    user.groups.add(Group.objects.get(name="Humas"))
    client.force_login(user)
    assert client.get("/admin/impor-wordpress/").status_code in (302, 403)


def test_a_dry_run_shows_the_report_and_saves_nothing(superuser_client):
    before = ArticlePage.objects.count()
    with SMALL.open("rb") as export:
        response = superuser_client.post(
            "/admin/impor-wordpress/", {"export": export, "dry_run": "1"}
        )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Situs: Humas Kota Contoh (https://contoh.go.id), WXR 1.2" in text
    assert "Impor sekarang" in text
    assert ArticlePage.objects.count() == before
    token = response.context["token"]

    response = superuser_client.post(
        "/admin/impor-wordpress/", {"token": token, "run": "1"}, follow=True
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Impor selesai." in text
    assert 'value="100"' in text
    assert ArticlePage.objects.filter(slug="wali-kota-tinjau-banjir").exists()


def test_a_forged_token_is_refused(superuser_client):
    response = superuser_client.post(
        "/admin/impor-wordpress/", {"token": "../../etc/passwd", "run": "1"}
    )
    assert response.status_code == 200
    assert "Unggahan tidak ditemukan" in response.content.decode()
