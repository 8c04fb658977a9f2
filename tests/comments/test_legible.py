"""Invisible names and comments, and bytes that are not UTF-8, are refused."""

from __future__ import annotations

from urllib.parse import quote_from_bytes, urlencode

import pytest
from django.test import Client

from comments.legible import has_visible_text
from comments.models import Comment
from tests.factories import comment_form_data

pytestmark = pytest.mark.django_db

INVISIBLE = [
    "\u200b\u200b\u200b",
    "\u200c\u200d\u2060\ufeff",
    "\u202e\u200f\u200e",
    "\u3164\u3164",
    "\u2800",
    "\u00a0\u2003 \t",
    "\u034f\u180e",
]


@pytest.mark.parametrize("text", INVISIBLE)
def test_invisible_characters_are_not_visible_text(text):
    assert not has_visible_text(text)


@pytest.mark.parametrize("text", ["a", "\u200bhalo\u200b", "ـ", "😀", "ก่", "١"])
def test_any_readable_character_is_visible_text(text):
    assert has_visible_text(text)


@pytest.mark.parametrize("text", INVISIBLE[:5])
def test_a_comment_of_invisible_characters_is_refused_beside_the_field(
    article, spam_filter, comment_settings, text
):
    data = comment_form_data(article, body=text)
    response = Client().post("/komentar/kirim/", data, HTTP_USER_AGENT="Firefox")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_body_error"' in html
    assert "Komentar harus memuat teks yang terlihat." in html
    assert not Comment.objects.exists()


def test_a_name_of_invisible_characters_is_refused_beside_the_field(
    article, spam_filter, comment_settings
):
    data = comment_form_data(article, name="\u200b\u2060")
    response = Client().post("/komentar/kirim/", data, HTTP_USER_AGENT="Firefox")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_name_error"' in html
    assert "Nama harus memuat huruf yang terlihat." in html
    assert not Comment.objects.exists()


def raw_post(data: dict, **raw_fields: bytes):
    """POST ``data`` URL-encoded, with ``raw_fields`` as bytes sent as they are."""
    body = urlencode(data) + "".join(
        f"&{name}={quote_from_bytes(value)}" for name, value in raw_fields.items()
    )
    return Client().post(
        "/komentar/kirim/",
        body,
        content_type="application/x-www-form-urlencoded",
        HTTP_USER_AGENT="Firefox",
    )


def test_a_body_that_is_not_utf8_is_refused_with_a_clear_message(
    article, spam_filter, comment_settings
):
    data = comment_form_data(article)
    del data["body"]
    # "Jalan rusak di Wara" in Latin-1 with an é: not UTF-8.
    response = raw_post(data, body="Jalan rusak di Wará".encode("latin-1"))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_body_error"' in html
    assert "tidak terbaca (bukan UTF-8)" in html
    assert not Comment.objects.exists()


def test_a_utf8_body_sent_raw_is_taken(article, spam_filter, comment_settings):
    data = comment_form_data(article)
    del data["body"]
    response = raw_post(data, body="Jalan rusak di Wará, mohon diperbaiki.".encode())
    assert response.status_code == 302
    assert Comment.objects.get().body == "Jalan rusak di Wará, mohon diperbaiki."


def test_a_name_that_is_not_utf8_is_refused(article, spam_filter, comment_settings):
    data = comment_form_data(article)
    del data["name"]
    response = raw_post(data, name=b"Andi \xff\xfe")
    assert response.status_code == 400
    assert 'id="id_name_error"' in response.content.decode()
    assert not Comment.objects.exists()
