"""The public form: each guard, the messages in Indonesian, the text kept."""

from __future__ import annotations

import pytest
from django.test import Client

from comments.models import Comment, Status
from tests.factories import comment_form_data

URL = "/komentar/kirim/"

pytestmark = pytest.mark.django_db


def post(client, data, **extra):
    return client.post(URL, data, HTTP_USER_AGENT="Mozilla/5.0 uji", **extra)


def test_valid_comment_is_saved_and_the_reader_is_redirected_with_a_message(
    client, article, spam_filter
):
    response = post(client, comment_form_data(article, body="Terima kasih Pak Wali."))

    assert response.status_code == 302
    assert response["Location"] == f"{article.url}#komentar"
    # Screened once the answer was sent (the test client closes the response
    # before it returns): published, and on the page the reader comes back to.
    comment = Comment.objects.get()
    assert comment.status == Status.PUBLISHED
    page = client.get(response["Location"]).content.decode()
    assert "komentar Anda sudah kami terima dan sedang diperiksa." in page
    assert f'id="komentar-{comment.pk}"' in page


def test_form_renders_under_an_open_article_with_its_heading(client, article):
    html = client.get(article.url).content.decode()

    assert "Tinggalkan Komentar" in html
    assert 'action="/komentar/kirim/#form-komentar"' in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_honeypot_filled_is_refused_and_nothing_is_saved(client, article, spam_filter):
    response = post(client, comment_form_data(article, catatan="http://spam.example"))

    assert response.status_code == 400
    assert "harus dibiarkan kosong" in response.content.decode()
    assert not Comment.objects.exists()


def test_honeypot_is_hidden_from_sight_and_labelled_for_screen_readers(client, article):
    html = client.get(article.url).content.decode()

    assert '<div class="visually-hidden">' in html
    assert "Jangan isi kolom ini" in html


def test_form_sent_faster_than_the_minimum_fill_time_is_refused(
    client, article, spam_filter, settings
):
    settings.WARTA_COMMENTS_MIN_FILL_SECONDS = 5
    data = comment_form_data(article, seconds_ago=1, body="Komentar kilat sekali.")

    response = post(client, data)

    assert response.status_code == 400
    html = response.content.decode()
    assert "Komentar terkirim terlalu cepat" in html
    assert "Komentar kilat sekali." in html
    assert not Comment.objects.exists()


def test_form_filled_slower_than_the_minimum_is_accepted(
    client, article, spam_filter, settings
):
    settings.WARTA_COMMENTS_MIN_FILL_SECONDS = 5

    response = post(client, comment_form_data(article, seconds_ago=6))

    assert response.status_code == 302


def test_expired_form_is_refused_and_the_page_offers_a_fresh_signed_form(
    client, article, spam_filter, settings
):
    settings.WARTA_COMMENTS_FORM_MAX_AGE_SECONDS = 60
    data = comment_form_data(article, seconds_ago=120, body="Teks lama saya.")

    response = post(client, data)

    assert response.status_code == 400
    html = response.content.decode()
    assert "kedaluwarsa" in html
    assert "Teks lama saya." in html
    assert f'value="{data["timestamp"]}"' not in html


def test_tampered_signature_is_refused(client, article, spam_filter):
    data = comment_form_data(article)
    data["security_hash"] = "0" * 64

    response = post(client, data)

    assert response.status_code == 400
    assert "Formulir tidak valid" in response.content.decode()


def test_form_signed_for_another_article_is_refused(
    client, article, other_article, spam_filter
):
    data = comment_form_data(other_article)
    data["article"] = article.pk

    response = post(client, data)

    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_post_without_csrf_token_is_forbidden(article, spam_filter):
    client = Client(enforce_csrf_checks=True)

    response = post(client, comment_form_data(article))

    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_post_with_the_pages_csrf_token_is_accepted(article, spam_filter):
    client = Client(enforce_csrf_checks=True)
    client.get(article.url)
    data = comment_form_data(article)
    data["csrfmiddlewaretoken"] = client.cookies["csrftoken"].value

    response = post(client, data)

    assert response.status_code == 302


def test_too_long_comment_gets_the_limit_next_to_the_field_and_keeps_the_text(
    client, article, spam_filter, settings
):
    settings.WARTA_COMMENTS_MAX_LENGTH = 3000
    body = "Panjang sekali. " * 200

    response = post(client, comment_form_data(article, body=body))

    assert response.status_code == 400
    html = response.content.decode()
    assert "Komentar terlalu panjang (maksimal 3000 karakter)." in html
    assert 'id="id_body_error"' in html
    assert body.strip() in html
    assert not Comment.objects.exists()


def test_comment_at_the_length_limit_is_accepted(client, article, spam_filter):
    body = "a" * 2999 + "!"

    response = post(client, comment_form_data(article, body=body))

    assert response.status_code == 302


@pytest.mark.parametrize(
    "body",
    [
        "Lihat http://a.example.com dan https://b.example.com dan http://c.example.com",
        "Promo di toko-a.com, toko-b.com dan toko-c.com",
    ],
)
def test_more_than_two_links_are_refused(client, article, spam_filter, body):
    response = post(client, comment_form_data(article, body=body))

    assert response.status_code == 400
    assert "Terlalu banyak tautan (maksimal 2)." in response.content.decode()


def test_two_links_are_allowed(client, article, spam_filter):
    body = "Sumber: https://palopokota.go.id dan https://menpan.go.id"

    response = post(client, comment_form_data(article, body=body))

    assert response.status_code == 302


def test_missing_name_and_bad_email_get_messages_next_to_their_fields(
    client, article, spam_filter
):
    data = comment_form_data(article, name="", email="bukan-email", body="Isi saya")

    response = post(client, data)

    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_name_error" class="error">Tulis nama Anda.' in html
    assert "Alamat email tidak valid." in html
    assert "Isi saya" in html
    assert 'aria-describedby="id_name_error"' in html


def test_website_must_be_http_or_https(client, article, spam_filter):
    data = comment_form_data(article, website="ftp://files.example.com")

    response = post(client, data)

    assert response.status_code == 400
    assert "Alamat situs web" in response.content.decode()


def test_rate_limit_refuses_the_sixth_comment_from_one_address_in_ten_minutes(
    client, article, spam_filter
):
    for n in range(5):
        assert post(client, comment_form_data(article)).status_code == 302, n

    response = post(client, comment_form_data(article, body="Yang keenam."))

    assert response.status_code == 429
    html = response.content.decode()
    assert "Anda mengirim komentar terlalu cepat." in html
    assert "Yang keenam." in html
    assert Comment.objects.count() == 5


def test_rate_limit_counts_per_address(client, article, spam_filter, settings):
    settings.WARTA_COMMENTS_RATE_LIMIT = 1
    assert post(client, comment_form_data(article)).status_code == 302

    other = post(client, comment_form_data(article), REMOTE_ADDR="10.0.0.9")

    assert other.status_code == 302


def test_same_comment_again_is_refused_as_a_duplicate(client, article, spam_filter):
    first = comment_form_data(article, body="Jalan di depan pasar rusak.")
    assert post(client, first).status_code == 302

    again = comment_form_data(
        article, body="jalan di depan  PASAR rusak.", email=first["email"]
    )
    response = post(client, again, REMOTE_ADDR="10.1.1.1")

    assert response.status_code == 400
    assert "Komentar yang sama sudah Anda kirim." in response.content.decode()
    assert Comment.objects.count() == 1


def test_same_text_from_someone_else_is_not_a_duplicate(client, article, spam_filter):
    assert post(client, comment_form_data(article, body="Setuju!")).status_code == 302

    other = post(
        client, comment_form_data(article, body="Setuju!"), REMOTE_ADDR="10.2.2.2"
    )

    assert other.status_code == 302


def test_duplicate_is_found_in_the_database_when_the_cache_was_cleared(
    client, article, spam_filter
):
    from django.core.cache import cache

    data = comment_form_data(article, body="Kapan jadwal vaksinnya?")
    assert post(client, data).status_code == 302
    cache.clear()

    response = post(client, comment_form_data(article, body="Kapan jadwal vaksinnya?"))

    assert response.status_code == 400


def test_closed_article_shows_komentar_ditutup_and_refuses_posts(
    client, article, spam_filter
):
    article.comments_open = False
    article.save_revision().publish()

    html = client.get(article.url).content.decode()
    response = post(client, comment_form_data(article))

    assert "Komentar ditutup." in html
    assert "Tinggalkan Komentar" not in html
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_unknown_or_draft_article_is_not_found(client, article, spam_filter):
    article.unpublish()

    response = post(client, comment_form_data(article))

    assert response.status_code == 404


def test_garbled_article_id_is_a_bad_request(client, spam_filter):
    assert post(client, {"article": "abc"}).status_code == 400


def test_form_page_only_accepts_post(client):
    assert client.get(URL).status_code == 405
