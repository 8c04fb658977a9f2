"""A reader opens the site, reads a press release and finds it again by search."""

import pytest

from tests.browser.screening import SCREENING_NOTICE, reload_until_shown

# serialized_rollback restores what migrations created (root page, groups) after
# each transactional test flushes the database.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_reader_follows_an_article_and_finds_it_by_searching_inovasi(web):
    from news.demo import load_articles

    load_articles()

    web.goto("/")
    assert web.locator("h2", has_text="Berita terbaru").is_visible()
    web.get_by_role("link", name="Wagub Buka Jambore Inovasi").first.click()
    web.wait_for_url("**/berita/wagub-buka-jambore-**")
    assert web.locator("h1").inner_text() == (
        "Wagub Buka Jambore Inovasi Pelayanan Publik Provinsi Sulsel"
    )
    assert "MAKASSAR" in web.locator(".lead").inner_text()
    assert "25 April 2019" in web.locator("time").first.inner_text()

    web.get_by_label("Cari berita").fill("inovasi")
    web.get_by_label("Cari berita").press("Enter")
    web.wait_for_url("**/cari/?q=inovasi")
    results = web.locator(".article-list .card-title")
    titles = results.all_inner_texts()
    assert "Wagub Buka Jambore Inovasi Pelayanan Publik Provinsi Sulsel" in titles
    assert len(titles) == 3


VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "ponsel": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
}


@pytest.fixture
def reader_site(settings, monkeypatch):
    """The demo releases, one with a published comment, a filter that publishes."""
    from news.demo import load_articles
    from tests.comments.conftest import FakeFilter
    from tests.factories import make_comment

    settings.WARTA_COMMENTS_MIN_FILL_SECONDS = 0
    monkeypatch.setattr("spamfilter.score", FakeFilter(), raising=False)
    articles = load_articles()
    palopo = next(a for a in articles if a.dateline == "Palopo")
    make_comment(palopo, name="Rahmat", body="Semoga inovasi ini cepat direplikasi.")
    return palopo


def assert_fits_the_screen(tab):
    """Nothing wider than the viewport: no sideways scrolling on a phone."""
    overflow = tab.evaluate(
        "() => document.documentElement.scrollWidth - window.innerWidth"
    )
    assert overflow <= 0, f"page is {overflow}px wider than the screen"


@pytest.mark.parametrize("device", VIEWPORTS)
def test_reader_reads_searches_comments_replies_reports_and_switches_language(
    browser, live_server, reader_site, screenshot, device
):
    from playwright.sync_api import expect

    from comments.models import Comment, CommentReport

    context = browser.new_context(
        locale="id-ID", base_url=live_server.url, **VIEWPORTS[device]
    )
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    try:
        # Read
        tab.goto("/")
        assert_fits_the_screen(tab)
        screenshot(tab, f"{device}-beranda")
        tab.get_by_role("link", name=reader_site.title).first.click()
        tab.wait_for_url(f"**{reader_site.url}")
        expect(tab.locator("h1")).to_have_text(reader_site.title)
        assert_fits_the_screen(tab)
        screenshot(tab, f"{device}-artikel")

        # Search, including what used to give "server sedang sibuk"
        for query, expected in [
            ("inovasi", "3 hasil"),
            ('"pelayanan publik', "hasil"),
            ("zzzqqq", "Tidak ada berita yang cocok"),
        ]:
            box = tab.get_by_label("Cari berita")
            box.fill(query)
            box.press("Enter")
            tab.wait_for_url("**/cari/?q=*")
            main = tab.locator("main")
            expect(main).to_contain_text(expected)
            assert "sedang sibuk" not in main.inner_text()
            assert_fits_the_screen(tab)
            screenshot(tab, f"{device}-cari-{query}")
        tab.goto("/cari/?q=inovasi%00")
        expect(tab.locator("main")).to_contain_text("3 hasil")
        screenshot(tab, f"{device}-cari-nul")

        # Comment: first a comment of invisible characters, then a real one
        tab.goto(reader_site.url)
        tab.get_by_role("textbox", name="Nama", exact=True).fill("Sitti")
        tab.get_by_role("textbox", name="Alamat email", exact=True).fill(
            "sitti@example.com"
        )
        body = tab.get_by_role("textbox", name="Komentar", exact=True)
        body.fill("\u200b\u200b\u200b")
        tab.get_by_role("button", name="Kirim Komentar").click()
        error = tab.locator("#id_body_error")
        expect(error).to_have_text("Komentar harus memuat teks yang terlihat.")
        # The answer opens at the form, not at the top of a long page.
        expect(
            tab.get_by_role("heading", name="Tinggalkan Komentar")
        ).to_be_in_viewport()
        assert_fits_the_screen(tab)
        screenshot(tab, f"{device}-komentar-tak-terlihat")
        body = tab.get_by_role("textbox", name="Komentar", exact=True)
        body.fill("Apakah forum replikasi inovasi ini terbuka untuk kecamatan?")
        tab.get_by_role("button", name="Kirim Komentar").click()
        notice = tab.locator(".comment-notice")
        expect(notice).to_have_text(SCREENING_NOTICE)
        screenshot(tab, f"{device}-komentar-diperiksa")
        reload_until_shown(
            tab, tab.locator(".comment-list", has_text="forum replikasi inovasi")
        )
        screenshot(tab, f"{device}-komentar-terbit")

        # Reply to Rahmat
        tab.get_by_role("link", name="Balas komentar Rahmat").click()
        expect(tab.locator(".comment-replying")).to_contain_text("Rahmat")
        tab.get_by_role("textbox", name="Nama", exact=True).fill("Sitti")
        tab.get_by_role("textbox", name="Alamat email", exact=True).fill(
            "sitti@example.com"
        )
        tab.get_by_role("textbox", name="Komentar", exact=True).fill(
            "Setuju, Pak Rahmat. Semoga cepat."
        )
        tab.get_by_role("button", name="Kirim Komentar").click()
        expect(tab.locator(".comment-notice")).to_have_text(SCREENING_NOTICE)
        reload_until_shown(
            tab, tab.locator(".comment-replies", has_text="Semoga cepat.")
        )
        assert_fits_the_screen(tab)
        screenshot(tab, f"{device}-balasan")

        # Report Rahmat's comment
        tab.get_by_role("button", name="Laporkan komentar Rahmat").click()
        expect(tab.locator(".comment-notice")).to_have_text(
            "Terima kasih, laporan Anda sudah kami terima."
        )
        screenshot(tab, f"{device}-laporan")
        rahmat = Comment.objects.get(name="Rahmat")
        assert CommentReport.objects.filter(comment=rahmat).count() == 1
        assert Comment.objects.filter(name="Sitti").count() == 2

        # Switch language
        tab.get_by_label("Bahasa").select_option("en")
        tab.get_by_role("button", name="Ganti").click()
        expect(tab.locator("html")).to_have_attribute("lang", "en")
        expect(tab.get_by_role("button", name="Post Comment")).to_be_visible()
        expect(tab.get_by_role("textbox", name="Comment", exact=True)).to_be_visible()
        assert_fits_the_screen(tab)
        screenshot(tab, f"{device}-english")
    finally:
        context.close()
