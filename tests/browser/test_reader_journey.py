"""A reader opens the site, reads a press release and finds it again by search."""

import pytest

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
