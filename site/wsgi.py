"""WSGI entry point: ``gunicorn warta_site.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "warta_site.settings.production")

application = get_wsgi_application()

# Load the spam model as the worker starts, not on the first reader's comment.
import spamfilter  # noqa: E402

spamfilter.warm_up()
