"""What a reader with a keyboard or a screen reader meets on the public pages."""

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_no_serious_violations

# serialized_rollback restores what migrations created (root page, groups) after
# each transactional test flushes the database.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

UNLABELLED_JS = """
() => [...document.querySelectorAll('input, textarea, select')]
  .filter((el) => el.type !== 'hidden' && el.offsetParent !== null)
  .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
  .map((el) => el.name)
"""


@pytest.fixture
def article_url(live_server):
    from news.demo import load_articles

    articles = load_articles()
    return next(a for a in articles if a.dateline == "Palopo").url


@pytest.fixture
def article_with_comments(article_url):
    from news.models import ArticlePage
    from tests.factories import make_comment

    article = ArticlePage.objects.get(dateline="Palopo")
    top = make_comment(article, body="Terima kasih infonya, sangat membantu warga.")
    make_comment(article, parent=top, body="Setuju, semoga berlanjut tahun depan.")
    make_comment(article, body="Apakah pendaftaran bisa dilakukan secara daring?")
    return article_url


READER_PAGES = {
    "beranda": "/",
    "indeks berita": "/berita/",
    "kategori": "/berita/?kategori={category}",
    "tag": "/berita/?tag={tag}",
    "pencarian": "/cari/?q=inovasi",
    "pencarian tanpa hasil": "/cari/?q=zzzqqq",
    "pencarian dengan kutip": '/cari/?q="pelayanan publik',
    "halaman tidak ditemukan": "/tidak-ada-halaman-ini/",
}


def listing_slugs() -> dict:
    from news.models import ArticlePage

    article = ArticlePage.objects.get(dateline="Palopo")
    return {
        "category": article.categories.first().slug,
        "tag": article.tags.first().slug,
    }


@pytest.mark.parametrize("name", READER_PAGES)
def test_reader_pages_have_no_serious_axe_violations(web, article_url, name):
    web.goto(READER_PAGES[name].format(**listing_slugs()))
    assert web.locator("html").get_attribute("lang") == "id"
    assert_no_serious_violations(web, context=name)


def test_an_article_with_comments_and_its_form_has_no_serious_axe_violations(
    web, article_with_comments
):
    web.goto(article_with_comments)
    assert web.locator(".comment-replies").count() == 1
    assert_no_serious_violations(web, context="artikel dengan komentar")
    # The form again with its errors shown beside the fields.
    web.get_by_role("button", name="Kirim Komentar").click()
    expect(web.locator(".field-error").first).to_be_visible()
    assert_no_serious_violations(web, context="formulir komentar dengan galat")


def test_the_coba_lagi_page_has_no_serious_axe_violations(
    web, article_with_comments, monkeypatch, settings
):
    from django.db.utils import OperationalError

    def database_down(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    settings.WARTA_COMMENTS_MIN_FILL_SECONDS = 0
    web.goto(article_with_comments)
    monkeypatch.setattr("comments.services.submit_comment", database_down)
    web.get_by_label("Nama").fill("Andi")
    web.get_by_label("Alamat email").fill("andi@example.com")
    web.get_by_role("textbox", name="Komentar", exact=True).fill("Lampu jalan mati.")
    web.get_by_role("button", name="Kirim Komentar").click()
    expect(web.get_by_text("server sedang sibuk")).to_be_visible()
    assert_no_serious_violations(web, context="coba lagi")


def test_the_axe_helper_fails_on_a_serious_violation(web):
    """The checker is live: an unlabelled field and an image without alt fail."""
    web.set_content(
        '<html lang="id"><body><main><h1>Uji</h1><img src="x.png">'
        '<input type="text"></main></body></html>'
    )
    with pytest.raises(AssertionError, match="image-alt"):
        assert_no_serious_violations(web, context="contoh buruk")


def test_the_text_reader_pages_have_labels_and_alt_text(web, article_url):
    for path in ("/", "/berita/", article_url, "/cari/?q=inovasi"):
        web.goto(path)
        assert web.locator("h1").count() == 1
        assert web.locator("img:not([alt])").count() == 0
        assert web.evaluate(UNLABELLED_JS) == []


def test_keyboard_reader_can_skip_to_the_content_and_search(web, article_url):
    web.goto(article_url)
    web.keyboard.press("Tab")
    focused = web.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Langsung ke isi"
    web.keyboard.press("Enter")
    assert web.evaluate("document.activeElement.id") == "konten"
    web.get_by_label("Cari berita").focus()
    web.keyboard.type("jambore")
    web.keyboard.press("Enter")
    web.wait_for_url("**/cari/?q=jambore")
    assert "Wagub Buka Jambore" in web.locator("main").inner_text()
