"""An administrator creates a humas and a moderator account in Wagtail's users
screens; each of them, logging in, sees only their own part of the admin."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

# serialized_rollback restores what migrations created (groups, root page).
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "Rahasia-Uji-12345!"
NO_PERMISSION = re.compile("tidak memiliki izin|do not have permission", re.I)


def log_in(tab, username, password=PASSWORD):
    tab.goto("/admin/login/")
    tab.get_by_label(re.compile("Nama pengguna|Username", re.I)).fill(username)
    tab.get_by_label(re.compile("sandi|Password", re.I)).fill(password)
    tab.get_by_role("button", name=re.compile("Masuk|Sign in", re.I)).click()
    tab.wait_for_url("**/admin/")


def create_user(tab, screenshots, username, first_name, group):
    tab.goto("/admin/users/")
    tab.get_by_role("link", name=re.compile("Tambah pengguna|Add a user", re.I)).click()
    tab.wait_for_url(re.compile(r"/admin/users/(add|new)/$"))
    tab.locator("#id_username").fill(username)
    tab.locator("#id_email").fill(f"{username}@palopokota.example")
    tab.locator("#id_first_name").fill(first_name)
    tab.locator("#id_last_name").fill("Palopo")
    tab.locator("#id_password1").fill(PASSWORD)
    tab.locator("#id_password2").fill(PASSWORD)
    tab.locator("#tab-label-roles").click()
    tab.get_by_label(group, exact=True).check()
    screenshots(tab, f"add-{username}")
    tab.locator("main form [type=submit]").last.click()
    tab.wait_for_url("**/admin/users/")
    expect(tab.locator("main")).to_contain_text(username)


def sidebar(tab):
    return tab.get_by_role("navigation", name=re.compile("Menu utama|Main menu", re.I))


def test_admin_creates_humas_and_moderator_who_see_only_their_areas(
    web, browser, screenshots, django_user_model
):
    from comments.models import Comment, Status
    from news.demo import load_articles

    article = load_articles()[0]
    Comment.objects.create(
        article=article,
        name="Warga",
        email="warga@palopo.example",
        body="Kapan pendaftaran sekolah dibuka?",
        status=Status.PENDING,
        spam_probability=0.6,
        submitted_at=article.first_published_at,
    )
    django_user_model.objects.create_superuser(
        "admin", "admin@palopokota.example", PASSWORD
    )
    log_in(web, "admin")
    create_user(web, screenshots, "humas", "Hasna", "Humas")
    create_user(web, screenshots, "moderator", "Mira", "Moderator")
    screenshots(web, "users")
    humas = django_user_model.objects.get(username="humas")
    moderator = django_user_model.objects.get(username="moderator")
    assert [g.name for g in humas.groups.all()] == ["Humas"]
    assert [g.name for g in moderator.groups.all()] == ["Moderator"]
    assert not humas.is_superuser and not moderator.is_superuser

    def new_tab():
        context = browser.new_context(locale="id-ID", base_url=web.base_url)
        tab = context.new_page()
        tab.set_default_timeout(10_000)
        return tab

    # Humas: pages and images, no comment queue.
    tab = new_tab()
    log_in(tab, "humas")
    menu = sidebar(tab)
    expect(menu.get_by_role("button", name=re.compile("^Komentar"))).to_have_count(0)
    expect(menu.get_by_role("link", name=re.compile("Gambar|Images"))).to_be_visible()
    expect(tab.locator(".comment-dashboard")).to_have_count(0)
    screenshots(tab, "humas-dashboard")
    tab.goto(f"/admin/pages/{article.pk}/edit/")
    expect(tab.locator("#id_title")).to_have_value(article.title)
    screenshots(tab, "humas-page-editor")
    tab.goto("/admin/komentar/")
    tab.wait_for_url("**/admin/")
    expect(tab.get_by_text(NO_PERMISSION)).to_be_visible()
    screenshots(tab, "humas-no-queue")
    tab.context.close()

    # Moderator: the queue, no page editing, no images.
    tab = new_tab()
    log_in(tab, "moderator")
    menu = sidebar(tab)
    expect(
        menu.get_by_role("button", name=re.compile(r"^Komentar \(1\)"))
    ).to_be_visible()
    expect(menu.get_by_role("link", name=re.compile("Gambar|Images"))).to_have_count(0)
    expect(tab.locator(".comment-dashboard")).to_be_visible()
    screenshots(tab, "moderator-dashboard")
    tab.goto("/admin/komentar/")
    expect(tab.locator("[data-comment-row]")).to_have_count(1)
    screenshots(tab, "moderator-queue")
    tab.goto(f"/admin/pages/{article.pk}/edit/")
    tab.wait_for_url("**/admin/")
    expect(tab.get_by_text(NO_PERMISSION)).to_be_visible()
    screenshots(tab, "moderator-no-page-editor")
    tab.context.close()
