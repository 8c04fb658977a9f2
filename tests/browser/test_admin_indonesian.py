"""Every admin page a Humas or moderator user reaches speaks Indonesian, Wagtail's
parts too.

Each page is opened in Chromium with the admin in Indonesian; every piece of text
on it (menus and dialogs that open on a click included) is checked against
Wagtail's, Django's and taggit's English messages that the Indonesian catalogues
(theirs merged with ours in site/locale/id) leave untranslated, and against the
English-only words of those messages (tests/browser/english_left.py).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .admin_support import humas_user, log_in, moderator_pages, moderator_user
from .english_left import PAGE_TEXT_JS, english_left
from .screens import Screenshots

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def humas_pages() -> list[tuple[str, str]]:
    """(name, address) of each admin page the Humas role works on."""
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    from news.demo import load_articles
    from news.models import Category, NewsIndexPage

    article = load_articles()[0]
    article.save_revision().publish()  # a second revision to compare
    index = NewsIndexPage.objects.get()
    image = get_image_model().objects.create(
        title="Foto pembukaan forum", file=get_test_image_file()
    )
    document = get_document_model().objects.create(
        title="Daftar inovasi", file=ContentFile(b"Daftar", name="daftar.txt")
    )
    category = Category.objects.first()
    return [
        ("dasbor", "/admin/"),
        ("penjelajah", f"/admin/pages/{index.pk}/"),
        ("penjelajah-akar", "/admin/pages/"),
        ("berita-baru", f"/admin/pages/add/news/articlepage/{index.pk}/"),
        ("ubah-berita", f"/admin/pages/{article.pk}/edit/"),
        ("riwayat", f"/admin/pages/{article.pk}/history/"),
        ("riwayat-alur-kerja", f"/admin/pages/{article.pk}/workflow_history/"),
        (
            "bandingkan-revisi",
            f"/admin/pages/{article.pk}/revisions/compare/earliest...latest/",
        ),
        ("tarik-publikasi", f"/admin/pages/{article.pk}/unpublish/"),
        ("pindahkan", f"/admin/pages/{article.pk}/move/"),
        ("cari-halaman", "/admin/pages/search/?q=palopo"),
        ("gambar", "/admin/images/"),
        ("unggah-gambar", "/admin/images/multiple/add/"),
        ("ubah-gambar", f"/admin/images/{image.pk}/"),
        ("dokumen", "/admin/documents/"),
        ("unggah-dokumen", "/admin/documents/multiple/add/"),
        ("ubah-dokumen", f"/admin/documents/edit/{document.pk}/"),
        ("kategori", "/admin/snippets/news/category/"),
        ("kategori-baru", "/admin/snippets/news/category/add/"),
        ("ubah-kategori", f"/admin/snippets/news/category/edit/{category.pk}/"),
        ("akun", "/admin/account/"),
        ("laporan-alur-kerja", "/admin/reports/workflow/"),
        ("laporan-tugas", "/admin/reports/workflow_tasks/"),
        ("riwayat-situs", "/admin/reports/site-history/"),
        ("halaman-menua", "/admin/reports/aging-pages/"),
    ]


def english_on(web, shot, pages) -> str:
    """A report of the English left on each page (empty when there is none)."""
    left: dict[str, list[str]] = {}
    for name, address in pages:
        response = web.goto(address)
        assert response.ok, (address, response.status)
        web.wait_for_load_state("networkidle")
        shot(web, name)
        found = english_left(web.evaluate(PAGE_TEXT_JS))
        if found:
            left[address] = sorted({str(item) for item in found})
    return report_of(left)


def english_when_selected(web, address: str) -> str:
    """The English left once a row is ticked: the bulk-action footer's count is
    written by JavaScript from strings the page's text does not show before."""
    web.goto(address)
    web.locator("[data-bulk-action-checkbox]").first.check()
    count = web.locator("[data-bulk-action-num-objects]")
    expect(count).not_to_have_text("")
    found = english_left(web.evaluate(PAGE_TEXT_JS))
    return report_of({address: sorted({str(item) for item in found})} if found else {})


def report_of(left: dict[str, list[str]]) -> str:
    return "\n".join(
        f"{address}\n    " + "\n    ".join(items) for address, items in left.items()
    )


def test_every_admin_page_a_humas_user_reaches_is_in_indonesian(web, output_dir):
    pages = humas_pages()
    humas_user()
    log_in(web, "humas")
    report = english_on(web, Screenshots(output_dir / "admin-indonesia"), pages)
    report += english_when_selected(web, pages[1][1])  # the news index's explorer
    assert not report, f"English left on admin pages:\n{report}"


def test_every_page_a_moderator_reaches_is_in_indonesian(web, output_dir):
    from news.demo import load_articles

    load_articles()
    pages = moderator_pages()
    moderator_user()
    log_in(web, "moderator")
    shot = Screenshots(output_dir / "admin-indonesia-moderator")
    report = english_on(web, shot, pages)
    report += english_when_selected(web, dict(pages)["antrean"])
    shot(web, "antrean-terpilih")
    assert not report, f"English left on moderation pages:\n{report}"


def test_the_login_and_password_reset_pages_are_in_indonesian(web, output_dir):
    # Before any login: where every Humas and moderator user starts.
    pages = [
        ("masuk", "/admin/login/"),
        ("lupa-kata-sandi", "/admin/password_reset/"),
    ]
    report = english_on(web, Screenshots(output_dir / "admin-indonesia-masuk"), pages)
    assert not report, f"English left before login:\n{report}"
