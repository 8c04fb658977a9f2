"""Settings shared by every environment; values come from the environment.

``dev``, ``test`` and ``production`` import from here and change only what differs.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from ..formats.inputs import ADMIN_DATE_FORMAT, ADMIN_DATETIME_FORMAT
from ..varnish import frontend_cache_backends
from .env import cache_from_url, env_bool, env_int, env_list, env_str

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
# Everything the site writes (SQLite database, uploads, spam models) lives here.
VAR_DIR = Path(env_str("WARTA_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "warta_site",
    "news",
    "comments",
    "spamfilter",
    "wordpress",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.frontend_cache",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "warta_site.security.ContentSecurityPolicyMiddleware",
    "warta_site.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the page cache: /?p=123 is a moved post, not the cached home page.
    "wordpress.middleware.WordPressQueryRedirectMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "warta_site.faults.DatabaseUnavailableMiddleware",
    # After CSRF (sets the cookie of a cache hit) and Locale (part of the key).
    "warta_site.cache.PageCacheMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "warta_site.varnish.OwnerHeaderMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: turns a login that axes refused into warta_site.security's 429.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "warta_site.urls"
WSGI_APPLICATION = "warta_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "warta_site.varnish.reader_values",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": cache_from_url(env_str("CACHE_URL", "locmem://warta"))}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

# Bahasa Indonesia first; English through Django's i18n (Accept-Language or the
# language switch in the footer).
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [PROJECT_DIR / "locale"]
FORMAT_MODULE_PATH = ["warta_site.formats"]
TIME_ZONE = "Asia/Makassar"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Reader pages from the shared cache, purged on publish and on comment changes
# (warta_site/cache.py). Off by default (WARTA_PAGE_CACHE; the project's WARTA_*
# defaults are in warta_site/conf.py); production turns it on.
WAGTAILFRONTENDCACHE = {"warta": {"BACKEND": "warta_site.cache.SharedCacheBackend"}}
# Varnish in front (warta_site/varnish.py, varnish/warta.vcl): the address of
# each Varnish host, purged on publish; pages then carry nothing per reader.
WARTA_VARNISH_URLS = env_list("WARTA_VARNISH_URLS", [])
WAGTAILFRONTENDCACHE.update(frontend_cache_backends(WARTA_VARNISH_URLS))

# Security headers beyond Django's (warta_site/security.py) and admin login
# throttling: failures per client address and per username in the shared cache.
# The public pages' Content-Security-Policy (django-csp); the admin's allowances
# are in warta_site.security.ADMIN_CSP. Embeds may frame these players.
WARTA_CSP_FRAME_SRC = [
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],
        "frame-src": ["'self'", *WARTA_CSP_FRAME_SRC],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Admin login throttling by django-axes, counting in the shared cache (no rows).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_FAILURE_LIMIT = "warta_site.security.login_failure_limit"
AXES_COOLOFF_TIME = "warta_site.security.login_cool_off"
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
# A refused attempt does not restart the wait (its password is never checked).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "warta_site.security.login_client"
AXES_USERNAME_CALLABLE = "warta_site.security.login_username"
AXES_LOCKOUT_CALLABLE = "warta_site.security.login_throttled_response"
# Log lines name the username and the address hash only, and no banner at start.
AXES_VERBOSE = False
# Staff sessions end after a working day; cookies are not readable by scripts.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 12 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Uploads: images and documents are checked by Wagtail; these bound the request.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Warta <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Work outside the request through django-tasks. "default" takes Wagtail's short
# tasks (reference index, cache purges: a purge must happen at once); "background"
# takes the long ones (spam-filter retraining), which production hands to a
# separate worker process. The immediate backend runs a task when it is enqueued.
TASKS = {
    "default": {
        "BACKEND": env_str(
            "WARTA_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        )
    },
    "background": {
        "BACKEND": env_str(
            "WARTA_BACKGROUND_TASKS_BACKEND",
            "django_tasks.backends.immediate.ImmediateBackend",
        )
    },
}

WAGTAIL_SITE_NAME = env_str("WARTA_SITE_NAME", "Warta Pemerintah Kota Palopo")
# Where the public site is served (e.g. https://warta.palopokota.go.id):
# `manage.py set_site_url` gives it to Wagtail's Site (canonical, feed and purge
# URLs); scripts/production runs it at start, scripts/serve passes WARTA_ADDR.
WARTA_SITE_URL = env_str("WARTA_SITE_URL", "")
WAGTAILADMIN_BASE_URL = env_str(
    "WAGTAILADMIN_BASE_URL", WARTA_SITE_URL.rstrip("/") or "http://127.0.0.1:8000"
)
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
# Wagtail's login form shows "Password" untranslated (site/admin_forms.py).
WAGTAILADMIN_USER_LOGIN_FORM = "warta_site.admin_forms.LoginForm"
WAGTAIL_ENABLE_UPDATE_CHECK = False
# The pickers' formats lead both languages' DATE(TIME)_INPUT_FORMATS (formats/).
WAGTAIL_DATE_FORMAT = ADMIN_DATE_FORMAT
WAGTAIL_DATETIME_FORMAT = ADMIN_DATETIME_FORMAT
WAGTAILSEARCH_BACKENDS = {
    "default": {
        # On PostgreSQL this backend uses its full-text search with the Indonesian
        # snowball configuration; on SQLite it uses FTS5 where available.
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": "indonesian",
    }
}
WAGTAILEMBEDS_RESPONSIVE_HTML = True

# Reader comments (WARTA_COMMENTS_*): defaults in comments/conf.py, read at call
# time; set one here only to change it. Spam filter (WARTA_SPAMFILTER_*):
# spamfilter/conf.py.
# Spam-filter model files live with the rest of the site's data.
WARTA_SPAMFILTER_MODEL_DIR = Path(
    env_str("WARTA_SPAMFILTER_MODEL_DIR", str(VAR_DIR / "spamfilter"))
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
    },
}
