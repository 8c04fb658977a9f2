"""A reader comments under a press release, with and without JavaScript."""

from __future__ import annotations

import pytest

from tests.browser.screening import SCREENING_NOTICE, reload_until_shown

# serialized_rollback restores what migrations created (root page, groups).
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def commentable(settings, monkeypatch):
    from news.demo import ensure_site_tree
    from tests.comments.conftest import FakeFilter
    from tests.factories import ensure_wagtail_root, make_article

    settings.WARTA_COMMENTS_MIN_FILL_SECONDS = 0
    fake = FakeFilter()
    monkeypatch.setattr("spamfilter.score", fake, raising=False)
    ensure_wagtail_root()
    _, index = ensure_site_tree()
    article = make_article(
        index,
        title="Pemkot Buka Layanan Adminduk Keliling",
        paragraphs=["Layanan KTP elektronik keliling dibuka di setiap kecamatan."],
    )
    return article, fake


def fill(page, *, name="Sitti", email="sitti@example.com", body="Kapan ke Wara?"):
    page.get_by_role("textbox", name="Nama", exact=True).fill(name)
    page.get_by_role("textbox", name="Alamat email", exact=True).fill(email)
    page.get_by_role("textbox", name="Komentar", exact=True).fill(body)


def send(page, article) -> None:
    """Send the form: the reader lands on the article's comments, told the
    comment is being checked."""
    page.get_by_role("button", name="Kirim Komentar").click()
    page.wait_for_url(f"**{article.url}#komentar")
    assert page.locator(".comment-notice").inner_text() == SCREENING_NOTICE


def test_reader_without_javascript_sees_the_held_message(
    browser, live_server, commentable
):
    article, fake = commentable
    fake.probability = 0.6
    context = browser.new_context(
        locale="id-ID", base_url=live_server.url, java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto(article.url)
        assert page.get_by_role("heading", name="Tinggalkan Komentar").is_visible()
        assert page.get_by_label("Jangan isi kolom ini").count() == 1
        honeypot = page.locator("div:has(> #id_catatan)").bounding_box()
        assert honeypot["width"] <= 1 and honeypot["height"] <= 1  # out of sight
        fill(page, body="Apakah layanan keliling juga ke Kecamatan Wara?")
        send(page, article)
        assert "Kecamatan Wara" not in page.locator(".comment-list").all_inner_texts()
    finally:
        context.close()


def test_reader_fixes_an_error_without_losing_the_text_and_is_published(
    web, commentable
):
    article, fake = commentable
    fake.probability = 0.02
    typed = (
        "Info lengkap di a.example.com, b.example.com dan c.example.com.\n"
        "Semoga bermanfaat."
    )
    web.goto(article.url)
    fill(web, body=typed)
    web.get_by_role("button", name="Kirim Komentar").click()

    error = web.locator("#id_body_error")
    assert error.inner_text() == "Terlalu banyak tautan (maksimal 2)."
    field = web.get_by_role("textbox", name="Komentar", exact=True)
    assert field.input_value() == typed
    assert web.get_by_role("textbox", name="Nama", exact=True).input_value() == "Sitti"

    field.fill("Info lengkap di a.example.com.\nSemoga bermanfaat.")
    web.get_by_role("button", name="Kirim Komentar").click()

    web.wait_for_url("**#komentar")
    assert web.locator(".comment-notice").inner_text() == SCREENING_NOTICE
    reload_until_shown(web, web.locator(".comment"))
    comment = web.locator(".comment").first
    assert comment.locator(".comment-author").inner_text() == "Sitti"
    assert comment.locator(".comment-body").inner_text() == (
        "Info lengkap di a.example.com.\nSemoga bermanfaat."
    )
    link = comment.locator(".comment-body a")
    assert link.get_attribute("rel") == "nofollow ugc noopener"
    assert "WITA" in comment.locator("time").inner_text()


def test_reader_replies_through_the_balas_link(web, commentable):
    from tests.factories import make_comment

    article, fake = commentable
    fake.probability = 0.02
    make_comment(article, name="Irfan", body="Jam berapa bukanya?")

    web.goto(article.url)
    web.get_by_role("link", name="Balas komentar Irfan").click()
    assert web.get_by_text("Membalas komentar Irfan.").is_visible()
    fill(web, name="Humas", email="humas@example.com", body="Mulai jam 08.00 WITA.")
    web.get_by_role("button", name="Kirim Komentar").click()

    web.wait_for_url("**#komentar")
    replies = web.locator(".comment-replies .comment-body")
    reload_until_shown(web, replies)
    assert replies.all_inner_texts() == ["Mulai jam 08.00 WITA."]


def test_reader_reports_a_comment_with_its_laporkan_button(web, commentable):
    from comments.models import Comment
    from tests.factories import make_comment

    article, _ = commentable
    make_comment(article, name="Irfan", body="Jam berapa bukanya?")
    reported = make_comment(article, name="Promo", body="Pinjaman cepat cair!")

    web.goto(article.url)
    web.get_by_role("button", name="Laporkan komentar Promo").click()

    web.wait_for_url(f"**#komentar-{reported.pk}")
    assert web.get_by_text("Terima kasih, laporan Anda sudah kami terima.").is_visible()
    reported.refresh_from_db()
    assert reported.report_count == 1
    assert Comment.objects.exclude(pk=reported.pk).get().report_count == 0
