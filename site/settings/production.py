"""Production: PostgreSQL, secrets from the environment, HTTPS everywhere.

Required: SECRET_KEY, ALLOWED_HOSTS. DATABASE_URL defaults to the local
PostgreSQL database ``warta`` over its Unix socket, CACHE_URL to the local Redis
(``redis://127.0.0.1:6379/0``): every gunicorn worker must see the same cache for
page purges, rate limits and login throttling to hold.
"""

import dj_database_url

from .base import *  # noqa: F403
from .env import cache_from_url, env_bool, env_int, env_list, env_str

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY")  # no default: fail hard
if len(SECRET_KEY) < 50:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SECRET_KEY must be at least 50 random characters.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("Set ALLOWED_HOSTS (comma separated).")

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", "postgres:///warta"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}

# Long tasks wait in the database for `manage.py db_worker` (scripts/production
# starts one): a retraining takes longer than gunicorn lets a request run.
TASKS["background"] = {  # noqa: F405
    "BACKEND": env_str(
        "WARTA_BACKGROUND_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"
    )
}

CACHES = {"default": cache_from_url(env_str("CACHE_URL", "redis://127.0.0.1:6379/0"))}
WARTA_PAGE_CACHE = env_bool("WARTA_PAGE_CACHE", True)

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Only trust X-Forwarded-Proto when a proxy that sets it is configured.
if env_bool("WARTA_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# The __Host- prefix: the browser keeps these cookies only when they are Secure,
# for path / and without a Domain, so no sibling subdomain can set or read them.
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
