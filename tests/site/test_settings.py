"""Configuration: environment parsing, production hardening, Indonesian formats."""

import datetime as dt
import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import formats, translation

from warta_site.settings.env import cache_from_url, env_bool

ROOT = Path(__file__).resolve().parents[2]


# What the test run itself sets must not leak into a production-like process.
NOT_INHERITED = {"SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    """``manage.py`` in a fresh process, working in a temporary folder: its data
    folder (database, uploads, models) and anything it writes stay out of the
    checkout."""
    clean = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    with tempfile.TemporaryDirectory(prefix="warta-manage-") as folder:
        return subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *args],
            cwd=folder,
            env={**clean, "WARTA_VAR_DIR": str(Path(folder) / "var"), **env},
            capture_output=True,
            text=True,
            timeout=120,
        )


def production_env(**extra: str) -> dict:
    return {
        "DJANGO_SETTINGS_MODULE": "warta_site.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "warta.palopokota.go.id",
        **extra,
    }


def test_check_deploy_with_production_settings_reports_nothing():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", **production_env()
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env()
    del env["SECRET_KEY"]
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_defaults_to_postgresql():
    result = run_manage(
        "shell",
        "-v0",
        "-c",
        "from django.conf import settings; "
        "print(settings.DATABASES['default']['ENGINE'])",
        **production_env(),
    )
    assert result.stdout.strip() == "django.db.backends.postgresql", result.stderr


def test_production_queues_long_tasks_and_runs_purges_at_once():
    # Retraining outlives gunicorn's request timeout, so it waits for the task
    # worker; Wagtail's cache purges stay in the request (a comment shows at once).
    result = run_manage(
        "shell",
        "-v0",
        "-c",
        "from django.conf import settings; "
        "print(settings.TASKS['default']['BACKEND'], "
        "settings.TASKS['background']['BACKEND'])",
        **production_env(),
    )
    assert result.stdout.split() == [
        "django_tasks.backends.immediate.ImmediateBackend",
        "django_tasks_db.DatabaseBackend",
    ], result.stderr


@pytest.mark.parametrize("module", ["dev", "production", "test"])
def test_every_settings_module_honours_database_url(module):
    result = run_manage(
        "shell",
        "-v0",
        "-c",
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['ENGINE'], d['NAME'], d['HOST'], d['PORT'])",
        **production_env(
            DJANGO_SETTINGS_MODULE=f"warta_site.settings.{module}",
            DATABASE_URL="postgres://warta:rahasia@db.internal:6543/berita",
        ),
    )
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "berita",
        "db.internal",
        "6543",
    ], result.stderr


def test_boolean_environment_values_are_parsed_strictly(monkeypatch):
    monkeypatch.setenv("WARTA_FLAG", "False")
    assert env_bool("WARTA_FLAG") is False
    monkeypatch.setenv("WARTA_FLAG", "yes")
    assert env_bool("WARTA_FLAG") is True
    monkeypatch.setenv("WARTA_FLAG", "mungkin")
    with pytest.raises(ImproperlyConfigured):
        env_bool("WARTA_FLAG")


def test_cache_urls_map_to_django_backends():
    assert cache_from_url("redis://127.0.0.1:6379/1")["BACKEND"].endswith("RedisCache")
    db = cache_from_url("db://warta_cache?timeout=60")
    assert db["LOCATION"] == "warta_cache" and db["TIMEOUT"] == 60
    with pytest.raises(ImproperlyConfigured):
        cache_from_url("memcached://x")


def test_dates_are_shown_the_indonesian_way():
    with translation.override("id"):
        assert formats.date_format(dt.date(2016, 10, 26)) == "26 Oktober 2016"
        moment = dt.datetime(2017, 6, 8, 9, 49, tzinfo=ZoneInfo("Asia/Makassar"))
        assert (
            formats.date_format(moment, "DATETIME_FORMAT")
            == "08 Juni 2017 - 09:49 WITA"
        )


@pytest.mark.django_db
def test_wagtail_admin_speaks_indonesian(admin_client):
    html = admin_client.get("/admin/").content.decode()
    assert 'lang="id"' in html
    assert "Dasbor" in html
