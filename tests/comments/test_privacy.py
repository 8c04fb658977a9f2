"""Privacy: email, IP and user agent are kept out of every page and feed."""

from __future__ import annotations

import pytest

from comments.models import Comment
from comments.privacy import RequestInfo, client_ip, ip_hash
from tests.factories import comment_form_data

pytestmark = pytest.mark.django_db

EMAIL = "rahasia.pembaca@example.com"
IP = "203.0.113.77"
AGENT = "Mozilla/5.0 (X11; Linux x86_64) UjiPrivasi/1.0"


@pytest.fixture
def posted(client, article, spam_filter):
    spam_filter.probability = 0.01
    response = client.post(
        "/komentar/kirim/",
        comment_form_data(
            article, email=EMAIL, body="Pelayanan puskesmas sudah membaik."
        ),
        REMOTE_ADDR=IP,
        HTTP_USER_AGENT=AGENT,
        HTTP_REFERER=article.full_url,
    )
    assert response.status_code == 302
    return Comment.objects.get()


def test_raw_ip_is_never_stored_only_its_salted_hash(posted):
    row = Comment.objects.filter(pk=posted.pk).values().get()

    assert IP not in repr(row)
    assert posted.ip_hash == ip_hash(IP)
    assert len(posted.ip_hash) == 64


def test_ip_hash_depends_on_the_salt(settings):
    settings.WARTA_COMMENTS_IP_SALT = "satu"
    first = ip_hash(IP)
    settings.WARTA_COMMENTS_IP_SALT = "dua"

    assert ip_hash(IP) != first
    assert ip_hash(IP) == ip_hash(IP)


def test_published_comment_pages_and_feeds_never_show_email_ip_or_user_agent(
    client, article, posted
):
    pages = [
        client.get(article.url),
        client.get("/"),
        client.get("/berita/"),
        client.get("/feed/"),
        client.get("/feed/atom/"),
        client.get("/sitemap.xml"),
        client.get("/cari/", {"q": "puskesmas"}),
    ]

    assert "Pelayanan puskesmas sudah membaik." in pages[0].content.decode()
    for response in pages:
        source = response.content.decode()
        for secret in (EMAIL, "rahasia.pembaca", IP, posted.ip_hash, AGENT):
            assert secret not in source, (response.request["PATH_INFO"], secret)


def test_error_page_keeps_the_typed_email_only_in_its_own_form_field(
    client, article, spam_filter
):
    data = comment_form_data(article, email=EMAIL, body="")

    html = client.post("/komentar/kirim/", data, REMOTE_ADDR=IP).content.decode()

    assert html.count(EMAIL) == 1
    assert f'name="email" value="{EMAIL}"' in html
    assert IP not in html


def test_x_forwarded_for_is_not_trusted_by_default(rf):
    request = rf.post("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=IP)

    assert client_ip(request) == "10.0.0.1"


def test_a_configured_proxy_header_gives_the_client_address(rf, settings):
    settings.WARTA_COMMENTS_TRUSTED_PROXY_HEADER = "HTTP_X_REAL_IP"
    request = rf.post("/", REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP=IP)

    assert client_ip(request) == IP


def test_user_agent_is_cut_to_300_characters(rf):
    request = rf.post("/", HTTP_USER_AGENT="x" * 1000)

    assert len(RequestInfo.from_request(request).user_agent) == 300


def test_email_is_stored_but_never_rendered_in_the_comment_block(
    client, article, posted
):
    from django.template import Context, Template

    html = Template("{% load comments_tags %}{% comments_block article %}").render(
        Context({"article": article})
    )

    assert posted.email == EMAIL
    assert EMAIL not in html
