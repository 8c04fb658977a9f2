"""What every reader page carries: a description, an icon, labels in its language."""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)">')


@pytest.mark.parametrize("path", ["/", "/berita/", "/cari/?q=inovasi", "article"])
def test_every_reader_page_has_a_meta_description(demo_articles, path):
    url = demo_articles[0].url if path == "article" else path
    html = Client().get(url).content.decode()
    description = DESCRIPTION.search(html).group(1)
    assert len(description.split()) >= 5


def test_the_home_page_is_described_by_its_intro(home_page):
    home_page.intro = "Kabar resmi Pemerintah Kota Palopo untuk warga."
    home_page.save_revision().publish()
    html = Client().get("/").content.decode()
    assert DESCRIPTION.search(html).group(1) == home_page.intro


def test_favicon_ico_leads_to_the_site_icon(db):
    client = Client()
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert b"<svg" in b"".join(icon.streaming_content)


def test_favicon_ico_also_works_with_debug_on(settings):
    """``scripts/serve`` runs with DEBUG on, where the URLconf adds the media
    routes: their helper must not replace the ``static`` the redirect calls."""
    import importlib

    from django.test import RequestFactory

    from warta_site import urls

    settings.DEBUG = True
    try:
        importlib.reload(urls)
        (favicon,) = [p for p in urls.urlpatterns if str(p.pattern) == "favicon.ico"]
        response = favicon.callback(RequestFactory().get("/favicon.ico"))
    finally:
        settings.DEBUG = False
        importlib.reload(urls)
    assert response.status_code == 302
    assert response["Location"].endswith("favicon.svg")


@pytest.mark.parametrize(("language", "label"), [("id", "Komentar"), ("en", "Comment")])
def test_the_comment_field_is_labelled_in_the_readers_language(
    demo_articles, language, label
):
    html = (
        Client(HTTP_ACCEPT_LANGUAGE=language).get(demo_articles[0].url).content.decode()
    )
    assert re.search(rf'<label for="id_body">{label} <span aria-hidden', html)
