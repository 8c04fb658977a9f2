"""A moderator publishes a held comment from the queue; Humas cannot open it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

# serialized_rollback restores what migrations created (groups, root page).
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "rahasia-uji-123"
HELD_TEXT = "Mohon jadwal perbaikan lampu jalan di Wara Timur, cek wa.me/62812"


def staff(username, group):
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user(username, f"{username}@palopo.id", PASSWORD)
    user.groups.add(Group.objects.get(name=group))
    return user


def log_in(web, username):
    web.goto("/admin/login/")
    web.get_by_label(re.compile("Nama pengguna|Username", re.I)).fill(username)
    web.get_by_label(re.compile("Kata sandi|Password", re.I)).fill(PASSWORD)
    web.get_by_role("button", name=re.compile("Masuk|Sign in", re.I)).click()
    web.wait_for_url("**/admin/")


def test_moderator_publishes_a_held_comment_and_the_reader_sees_it(
    web, browser, tmp_path
):
    from comments.models import Comment, Status
    from news.demo import load_articles
    from tests.factories import reason

    article = load_articles()[0]
    comment = Comment.objects.create(
        article=article,
        name="Andi Baso",
        email="andi@palopo.id",
        body=HELD_TEXT,
        status=Status.PENDING,
        spam_probability=0.72,
        reasons=[reason("tautan ke domain wa.me", "wa.me", code="links")],
        model_version="v-uji",
        submitted_at=article.first_published_at,
    )
    staff("moderator", "Moderator")
    # The reader has the article open before the decision: its page, comment
    # list and labels are in the caches, and must not be served stale after it.
    reader = browser.new_context(locale="id-ID", base_url=web.base_url).new_page()
    reader.goto(article.url)
    expect(reader.get_by_text(HELD_TEXT)).to_have_count(0)
    reader.goto(article.url)  # the second visit is served from the page cache

    log_in(web, "moderator")
    web.get_by_role("button", name=re.compile(r"Komentar \(1\)")).click()
    web.get_by_role("link", name=re.compile(r"Antrean \(1\)")).click()
    web.wait_for_url("**/admin/komentar/")
    row = web.locator("tr", has=web.locator(f'[data-comment-row="{comment.pk}"]'))
    expect(row).to_contain_text("Mohon jadwal perbaikan lampu jalan")
    expect(row.locator("mark.reason")).to_have_text("wa.me")
    expect(row.locator(".comment-reason")).to_have_text("tautan ke domain wa.me")
    expect(row).to_contain_text(article.title)
    web.screenshot(path=tmp_path / "queue.png", full_page=True)

    row.locator("[data-bulk-action-checkbox]").check()
    web.locator("[data-bulk-action-footer]").get_by_role(
        "link", name="Terbitkan komentar terpilih"
    ).click()
    expect(web.get_by_text("Terbitkan 1 komentar ini?")).to_be_visible()
    web.get_by_role("button", name="Ya, Terbitkan").click()
    web.wait_for_url("**/admin/komentar/")
    expect(web.get_by_text("1 komentar diterbitkan.")).to_be_visible()

    comment.refresh_from_db()
    assert comment.status == Status.PUBLISHED
    assert comment.decided_by.username == "moderator"

    reader.reload()
    expect(reader.get_by_text(HELD_TEXT)).to_be_visible()
    reader.screenshot(path=tmp_path / "reader-after-publish.png", full_page=True)
    reader.context.close()


def test_humas_staff_cannot_open_the_comment_queue(web):
    staff("humas", "Humas")
    log_in(web, "humas")
    expect(web.get_by_role("button", name=re.compile("^Komentar"))).to_have_count(0)
    web.goto("/admin/komentar/")
    web.wait_for_url("**/admin/")
    expect(
        web.get_by_text(re.compile("tidak memiliki izin|do not have permission", re.I))
    ).to_be_visible()
