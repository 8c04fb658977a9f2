"""Development: SQLite under var/, console email, debug on, a fixed local key."""

from .base import *  # noqa: F403
from .env import env_bool, env_str

DEBUG = env_bool("DEBUG", True)
# A development-only key; production refuses to start without SECRET_KEY.
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
ALLOWED_HOSTS = ["*"]
# Serve static files straight from the app folders; no collectstatic in dev.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The SQLite database, uploads and spam models live under var/; make sure it exists.
VAR_DIR.mkdir(parents=True, exist_ok=True)  # noqa: F405
# One process serves: its local-memory cache holds every login count.
SILENCED_SYSTEM_CHECKS = ["axes.W001"]
