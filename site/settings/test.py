"""Tests: fast hashing, in-memory email, isolated cache; DATABASE_URL picks the DB."""

from .base import *  # noqa: F403
from .env import env_str

SECRET_KEY = "test-only-key"
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": cache_from_url(env_str("CACHE_URL", "locmem://warta-test"))}  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# One process per test worker: local memory holds its login counts.
SILENCED_SYSTEM_CHECKS = ["axes.W001"]
