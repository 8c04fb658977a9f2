"""The admin under its Content-Security-Policy, and a mistyped password five times."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "rahasia-uji-123"


@pytest.fixture
def editor():
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user("humas", "humas@palopo.id", PASSWORD)
    user.groups.add(Group.objects.get(name="Humas"))
    return user


def submit_login(web, password: str) -> None:
    web.get_by_label(re.compile("Nama pengguna|Username", re.I)).fill("humas")
    web.get_by_label(re.compile("Kata sandi|Password", re.I)).fill(password)
    web.get_by_role("button", name=re.compile("Masuk|Sign in", re.I)).click()
    web.wait_for_load_state()


def test_the_page_editor_runs_without_breaking_its_content_security_policy(
    web, editor, tmp_path
):
    from news.demo import load_articles

    article = load_articles()[0]
    violations = []
    web.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    web.goto("/admin/login/")
    submit_login(web, PASSWORD)
    web.wait_for_url("**/admin/")
    web.goto(f"/admin/pages/{article.pk}/edit/")
    expect(web.locator("#id_title")).to_have_value(article.title)
    web.screenshot(path=str(tmp_path / "page-editor.png"), full_page=True)

    # Wagtail's avatars come from //www.gravatar.com: over the test server's plain
    # HTTP that is http://, which img-src allows only over HTTPS (as production is).
    assert [v for v in violations if "http://www.gravatar.com/" not in v] == []


def test_an_editor_who_mistypes_five_times_is_told_in_indonesian_to_wait(
    web, editor, tmp_path
):
    web.goto("/admin/login/")
    for _ in range(5):
        submit_login(web, "salah-ketik")
        expect(web.locator("body")).not_to_contain_text("Terlalu banyak")
    submit_login(web, PASSWORD)

    expect(web.get_by_role("heading", level=1)).to_have_text(
        "Terlalu banyak percobaan masuk"
    )
    expect(web.locator("body")).to_contain_text("coba lagi dalam 15 menit")
    web.screenshot(path=str(tmp_path / "login-throttled.png"), full_page=True)
