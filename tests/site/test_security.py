"""Security headers, admin login throttling, cookie settings and upload limits."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.site.test_settings import production_env, run_manage

LOGIN_URL = "/admin/login/"


def directives(policy: str) -> dict[str, str]:
    """A policy's directives by name (django-csp does not keep their order)."""
    return dict(part.strip().partition(" ")[::2] for part in policy.split(";"))


@pytest.mark.django_db
def test_public_pages_send_a_strict_policy_and_the_other_security_headers(article):
    response = Client().get(article.url)
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert directives(csp)["script-src"] == "'self'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_public_pages_carry_no_inline_script_or_style(article, home_page, news_index):
    for url in (home_page.url, news_index.url, article.url, "/cari/?q=layanan"):
        html = Client().get(url).content.decode()
        scripts = re.findall(r"<script\b[^>]*>", html)
        assert all("src=" in tag for tag in scripts), (url, scripts)
        assert "<style" not in html and " style=" not in html, url
        assert not re.search(r"\son[a-z]+=", html), url


@pytest.mark.django_db
def test_the_admin_has_its_own_policy_allowing_its_inline_scripts(admin_client):
    csp = admin_client.get("/admin/")["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in csp
    assert "frame-ancestors 'self'" in csp


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user(
        "humas", "humas@pemkot.example.id", "kata-sandi-benar-123", is_superuser=True
    )


def attempt(password: str, *, username: str = "humas", ip: str = "10.0.0.1"):
    return Client().post(
        LOGIN_URL, {"username": username, "password": password}, REMOTE_ADDR=ip
    )


@pytest.mark.django_db
def test_admin_login_is_throttled_after_five_failures_with_an_indonesian_message(
    editor,
):
    for _ in range(5):
        assert attempt("salah").status_code == 200
    blocked = attempt("kata-sandi-benar-123")
    assert blocked.status_code == 429
    assert "Terlalu banyak percobaan masuk" in blocked.content.decode()
    assert int(blocked["Retry-After"]) == 15 * 60


@pytest.mark.django_db
def test_login_throttling_counts_per_username_across_addresses(editor):
    for n in range(5):
        attempt("salah", ip=f"10.0.1.{n}")
    assert attempt("kata-sandi-benar-123", ip="10.0.2.1").status_code == 429
    # Another account from a fresh address is not held up.
    assert attempt("salah", username="lain", ip="10.0.3.1").status_code == 200


@pytest.mark.django_db
def test_login_throttling_counts_per_address_across_usernames(editor):
    for n in range(5):
        attempt("salah", username=f"tebakan{n}", ip="10.0.4.4")
    assert attempt("kata-sandi-benar-123", ip="10.0.4.4").status_code == 429
    assert attempt("kata-sandi-benar-123", ip="10.0.4.5").status_code == 302


@pytest.mark.django_db
def test_the_limit_and_window_are_read_from_the_settings(editor, settings):
    settings.WARTA_LOGIN_MAX_FAILURES = 2
    settings.WARTA_LOGIN_WINDOW_SECONDS = 120
    for _ in range(2):
        assert attempt("salah").status_code == 200
    blocked = attempt("kata-sandi-benar-123")
    assert blocked.status_code == 429
    assert blocked["Retry-After"] == "120"


@pytest.mark.django_db
def test_resetting_a_username_lets_a_locked_out_editor_in(editor):
    for n in range(5):
        attempt("salah", ip=f"10.0.5.{n}")
    assert attempt("kata-sandi-benar-123", ip="10.0.6.1").status_code == 429
    call_command("axes_reset_username", "humas", stdout=StringIO())
    assert attempt("kata-sandi-benar-123", ip="10.0.6.1").status_code == 302


@pytest.mark.django_db
def test_a_successful_login_below_the_limit_goes_through(editor):
    for _ in range(4):
        attempt("salah")
    assert attempt("kata-sandi-benar-123").status_code == 302


def test_production_cookies_are_secure_host_only_and_short_lived():
    names = [
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SESSION_COOKIE_SAMESITE",
        "SESSION_COOKIE_AGE",
        "SESSION_COOKIE_NAME",
        "CSRF_COOKIE_SECURE",
        "CSRF_COOKIE_SAMESITE",
        "CSRF_COOKIE_NAME",
    ]
    result = run_manage(
        "shell",
        "-v0",
        "-c",
        "from django.conf import settings; "
        f"print(*[getattr(settings, n) for n in {names!r}], sep='|')",
        **production_env(),
    )
    values = result.stdout.strip().split("|")
    assert values == [
        "True",
        "True",
        "Lax",
        str(12 * 60 * 60),
        "__Host-sessionid",
        "True",
        "Lax",
        "__Host-csrftoken",
    ], result.stderr


@pytest.mark.django_db
def test_an_oversized_comment_post_is_refused_before_it_is_read(article):
    from comments.models import Comment

    too_big = "x" * (6 * 1024 * 1024)
    response = Client().post(
        "/komentar/kirim/",
        {"article": article.pk, "body": too_big},
    )
    assert response.status_code == 400
    assert not Comment.objects.exists()


@pytest.mark.django_db
def test_an_image_above_the_upload_limit_is_refused(admin_client, settings):
    from wagtail.images.models import Image

    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1024
    upload = SimpleUploadedFile("besar.png", b"\x89PNG" + b"0" * 4096, "image/png")
    response = admin_client.post(
        reverse("wagtailimages:add"), {"title": "Besar", "file": upload}
    )
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert not Image.objects.exists()
