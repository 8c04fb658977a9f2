import datetime as dt

import pytest

from news.models import Category
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_home_page_shows_featured_and_latest_releases(client, demo_articles):
    html = client.get("/").content.decode()
    assert "Berita pilihan" in html
    assert "Berita terbaru" in html
    for article in demo_articles:
        assert article.title in html


def test_article_page_shows_dateline_date_credit_and_categories(client, demo_articles):
    article = next(a for a in demo_articles if a.dateline == "Palopo")
    response = client.get(article.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<strong class="dateline">PALOPO</strong>' in html
    assert "13 Oktober 2020" in html
    assert "(hms/iys)" in html
    assert "Pelayanan Publik" in html
    assert 'property="og:title"' in html
    assert 'name="twitter:card"' in html


def test_news_index_lists_newest_first_and_paginates(client, news_index):
    for day in range(12):
        make_article(
            news_index, title=f"Rilis {day:02d}", date=dt.date(2025, 1, day + 1)
        )
    first_page = client.get(news_index.url).content.decode()
    assert first_page.index("Rilis 11") < first_page.index("Rilis 10")
    assert "Rilis 01" not in first_page
    second_page = client.get(news_index.url + "?halaman=2").content.decode()
    assert "Rilis 01" in second_page


def test_news_index_filters_by_category_and_tag(client, news_index):
    health = Category.objects.create(name="Kesehatan", slug="kesehatan")
    make_article(news_index, title="Vaksinasi di puskesmas", categories=[health])
    make_article(news_index, title="Jalan baru dibuka", tags=["infrastruktur"])
    by_category = client.get(news_index.url + "?kategori=kesehatan").content.decode()
    assert "Vaksinasi di puskesmas" in by_category
    assert "Jalan baru dibuka" not in by_category
    by_tag = client.get(news_index.url + "?tag=infrastruktur").content.decode()
    assert "Jalan baru dibuka" in by_tag
    assert "Vaksinasi di puskesmas" not in by_tag
    assert client.get(news_index.url + "?kategori=tidak-ada").status_code == 404


def test_monthly_archive_lists_only_that_month(client, news_index, demo_articles):
    html = client.get(news_index.url + "arsip/2019/4/").content.decode()
    assert "Wagub Buka Jambore" in html
    assert "Walikota Palopo HM. Judas Amir" not in html
    assert "April 2019" in html
    assert client.get(news_index.url + "arsip/2019/13/").status_code == 404


def test_draft_articles_are_not_listed(client, news_index):
    make_article(news_index, title="Draf rahasia", live=False)
    assert "Draf rahasia" not in client.get(news_index.url).content.decode()
    assert "Draf rahasia" not in client.get("/").content.decode()


def test_robots_txt_points_to_the_sitemap_and_hides_the_admin(client, demo_articles):
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in text
    assert "/sitemap.xml" in text


def test_featured_image_needs_alt_text(news_index):
    from django.core.exceptions import ValidationError
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    image = get_image_model().objects.create(title="Foto", file=get_test_image_file())
    article = make_article(news_index)
    article.featured_image = image
    with pytest.raises(ValidationError):
        article.full_clean()
    article.featured_image_alt = "Walikota menandatangani MoU"
    article.full_clean()


def test_an_article_body_edited_and_published_shows_its_new_text(client, news_index):
    """The body's HTML is kept per text: a new revision shows at once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    article = make_article(news_index, paragraphs=["Jadwal lama: Senin pagi."])
    url = f"{article.url}?uji=tanpa-cache-halaman"
    assert "Jadwal lama: Senin pagi." in client.get(url).content.decode()
    with CaptureQueriesContext(connection) as first:
        client.get(url)

    article.body = [("paragraph", "<p>Jadwal baru: Selasa siang.</p>")]
    article.save_revision().publish()
    html = client.get(url).content.decode()

    assert "Jadwal baru: Selasa siang." in html
    assert "Jadwal lama" not in html
    with CaptureQueriesContext(connection) as again:
        client.get(url)
    assert len(again) == len(first)


@pytest.mark.parametrize("is_preview", [False, True])
def test_the_article_body_is_html_in_the_page_and_in_a_preview(news_index, is_preview):
    """A preview renders the body without the cache, still as HTML, not as text."""
    from django.template import Context, Template
    from django.test import RequestFactory

    article = make_article(news_index, paragraphs=["Pasar murah di Wara."])
    request = RequestFactory().get(article.url)
    request.is_preview = is_preview
    html = Template("{% load news_tags %}{% article_body page %}").render(
        Context({"page": article, "request": request})
    )
    assert '<div class="paragraph"><p>Pasar murah di Wara.</p></div>' in html
    assert "&lt;" not in html
