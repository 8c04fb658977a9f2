"""A superuser moves a WordPress site in from the admin: dry run, then the import."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "rahasia-uji-123"
SMALL = Path(__file__).parents[1] / "wordpress" / "data" / "small.xml"


def test_superuser_dry_runs_then_imports_and_old_links_lead_to_the_article(
    web, tmp_path, settings, screenshots
):
    from django.contrib.auth.models import User

    from news.demo import load_articles
    from news.models import ArticlePage

    settings.VAR_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    load_articles()
    User.objects.create_superuser("root", "root@palopo.id", PASSWORD)
    web.goto("/admin/login/")
    web.get_by_label(re.compile("Nama pengguna|Username", re.I)).fill("root")
    web.get_by_label(re.compile("Kata sandi|Password", re.I)).fill(PASSWORD)
    web.get_by_role("button", name=re.compile("Masuk|Sign in", re.I)).click()
    web.wait_for_url("**/admin/")

    web.goto("/admin/impor-wordpress/")
    screenshots(web, "wordpress-upload")
    web.get_by_label("Berkas ekspor WordPress (WXR .xml)").set_input_files(SMALL)
    web.get_by_role("button", name="Uji coba (tanpa menyimpan)").click()
    report = web.locator(".wordpress-import-report")
    expect(report).to_contain_text("Situs: Humas Kota Contoh")
    expect(report).to_contain_text("Uji coba (--dry-run): tidak ada yang disimpan.")
    expect(report).to_contain_text("baris 211: jenis konten tidak dikenal 'product'")
    screenshots(web, "wordpress-dry-run")
    assert not ArticlePage.objects.filter(slug="wali-kota-tinjau-banjir").exists()

    web.get_by_role("button", name="Impor sekarang").click()
    expect(web.get_by_text("Impor selesai.")).to_be_visible()
    expect(web.locator(".wordpress-import-report")).to_contain_text(
        "Label untuk filter spam: 2 bukan spam, 1 spam"
    )
    screenshots(web, "wordpress-imported")

    web.goto("/?p=10")
    expect(web.get_by_role("heading", name="Wali Kota Tinjau Banjir")).to_be_visible()
    expect(web.get_by_text("Semoga cepat surut.")).to_be_visible()
    screenshots(web, "wordpress-article")
