"""English for readers: the catalogue is complete and the site really switches."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

PO_FILE = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")


def _unquote(text: str) -> str:
    return ast.literal_eval(text.strip())


def read_catalogue(path: Path = PO_FILE) -> list[dict]:
    """The entries of a .po file: msgctxt, msgid, msgid_plural, msgstr…, flags."""
    entries: list[dict] = []
    entry: dict = {"flags": set()}
    field = None

    def finish():
        nonlocal entry, field
        if "msgid" in entry:
            entries.append(entry)
        entry, field = {"flags": set()}, None

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            finish()
        elif line.startswith("#~"):
            continue  # obsolete entries are not part of the catalogue
        elif line.startswith("#,"):
            if "msgid" in entry:
                finish()
            entry["flags"].update(f.strip() for f in line[2:].split(","))
        elif line.startswith("#"):
            if "msgid" in entry:
                finish()
        elif line.startswith('"'):
            entry[field] += _unquote(line)
        else:
            field, _, value = line.partition(" ")
            entry[field] = _unquote(value)
    finish()
    return entries


def translations(entry: dict) -> list[str]:
    return [value for key, value in entry.items() if key.startswith("msgstr")]


@pytest.fixture
def english_reader(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_the_english_catalogue_and_its_compiled_file_are_committed_together():
    assert PO_FILE.is_file()
    assert MO_FILE.is_file()
    assert MO_FILE.stat().st_size > 0


def test_the_english_catalogue_header_declares_english_with_two_plural_forms():
    header = next(e for e in read_catalogue() if e["msgid"] == "")
    assert "fuzzy" not in header["flags"]
    assert "Language: en\n" in header["msgstr"]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);\n" in header["msgstr"]


def test_every_string_in_the_english_catalogue_is_translated_and_none_is_fuzzy():
    entries = [e for e in read_catalogue() if e["msgid"]]
    assert len(entries) > 200
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    untranslated = [e["msgid"] for e in entries if not all(translations(e))]
    plurals_short = [
        e["msgid"]
        for e in entries
        if "msgid_plural" in e and {"msgstr[0]", "msgstr[1]"} - e.keys()
    ]
    assert fuzzy == []
    assert untranslated == []
    assert plurals_short == []


def test_the_compiled_english_catalogue_matches_the_po_file():
    stale = []
    with translation.override("en"):
        for entry in read_catalogue():
            msgid, context = entry["msgid"], entry.get("msgctxt")
            if not msgid:
                continue
            if "msgid_plural" in entry:
                plural = entry["msgid_plural"]
                got = (
                    translation.npgettext(context, msgid, plural, 1)
                    if context
                    else translation.ngettext(msgid, plural, 1),
                    translation.npgettext(context, msgid, plural, 2)
                    if context
                    else translation.ngettext(msgid, plural, 2),
                )
                expected = (entry["msgstr[0]"], entry["msgstr[1]"])
            else:
                got = (
                    translation.pgettext(context, msgid)
                    if context
                    else translation.gettext(msgid)
                )
                expected = entry["msgstr"]
            if got != expected:
                stale.append(msgid)
    assert stale == [], "run compilemessages: django.mo is older than django.po"


def test_a_reader_asking_for_english_gets_the_home_page_in_english(
    english_reader, home_page
):
    response = english_reader.get(home_page.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Latest news" in html
    assert "Skip to content" in html
    assert "Search news" in html
    assert '<a href="/berita/">News</a>' in html
    assert "Berita terbaru" not in html
    assert "Langsung ke isi" not in html


def test_a_reader_asking_for_english_gets_the_article_page_in_english(
    english_reader, demo_articles
):
    article = demo_articles[0]

    response = english_reader.get(article.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Leave a Comment" in html
    assert "Post Comment" in html
    assert "Tinggalkan Komentar" not in html
    assert "Kirim Komentar" not in html


def test_a_reader_without_accept_language_gets_bahasa_indonesia(
    client, home_page, demo_articles
):
    home = client.get(home_page.url).content.decode()
    article = client.get(demo_articles[0].url).content.decode()

    assert '<html lang="id">' in home
    assert "Berita terbaru" in home
    assert "Latest news" not in home
    assert '<html lang="id">' in article
    assert "Tinggalkan Komentar" in article
    assert "Leave a Comment" not in article


def test_the_footer_language_form_switches_the_site_to_english(client, home_page):
    before = client.get(home_page.url).content.decode()
    assert 'action="/i18n/setlang/"' in before
    assert '<option value="en"' in before

    response = client.post("/i18n/setlang/", {"language": "en", "next": home_page.url})

    assert response.status_code == 302
    assert response.url == home_page.url
    html = client.get(home_page.url).content.decode()
    assert '<html lang="en">' in html
    assert "Latest news" in html
    assert "Berita terbaru" not in html


def test_the_footer_language_form_switches_back_to_bahasa_indonesia(client, home_page):
    client.post("/i18n/setlang/", {"language": "en", "next": home_page.url})
    client.post("/i18n/setlang/", {"language": "id", "next": home_page.url})

    html = client.get(home_page.url).content.decode()
    assert '<html lang="id">' in html
    assert "Berita terbaru" in html


def test_the_shared_page_cache_keeps_a_copy_per_language(page_cache, home_page):
    indonesian = Client().get(home_page.url)
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get(home_page.url)
    indonesian_again = Client().get(home_page.url)
    english_again = Client(HTTP_ACCEPT_LANGUAGE="en").get(home_page.url)

    assert english["X-Warta-Cache"] == "miss"
    assert indonesian_again["X-Warta-Cache"] == "hit"
    assert english_again["X-Warta-Cache"] == "hit"
    assert "Berita terbaru" in indonesian.content.decode()
    assert "Berita terbaru" in indonesian_again.content.decode()
    for response in (english, english_again):
        assert '<html lang="en">' in response.content.decode()
        assert "Latest news" in response.content.decode()


@pytest.mark.parametrize(
    ("language", "heading"),
    [("id", "Terjadi gangguan"), ("en", "Something went wrong")],
)
def test_a_server_error_is_explained_in_the_readers_language(
    client, home_page, monkeypatch, language, heading
):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(type(home_page), "serve", broken)
    client.raise_request_exception = False
    response = client.get(home_page.url, HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 500
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert f"<h1>{heading}</h1>" in html
    assert "a bug" not in html
