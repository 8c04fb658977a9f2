"""When the database is down: a clear "coba lagi" page that keeps what was typed.

:class:`DatabaseUnavailableMiddleware` turns a database connection error in any
view (PostgreSQL stopped or restarting, disk full, connections exhausted) into a
503 page in Indonesian instead of a bare 500. For a POST the page shows the
reader's text in text areas and carries the form's other fields, with a fresh
CSRF token, in a form that posts to the same address again ("Kirim lagi"):
nothing the reader wrote is lost, with or without JavaScript.

The page is rendered from a standalone template that touches no database.
Writes that failed were inside a transaction, so they left no partial rows.
"""

from __future__ import annotations

import logging
import sqlite3

from django.db.utils import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from .conf import setting

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
FIELD_LABELS = {
    "name": _("Nama"),
    "email": _("Email"),
    "website": _("Situs web"),
    "body": _("Komentar Anda"),
}
# Never echoed back, whatever the form.
_SECRET_FIELD_WORDS = ("password", "sandi", "csrf", "token", "secret")


def _is_secret(name: str) -> bool:
    lowered = name.lower()
    return any(word in lowered for word in _SECRET_FIELD_WORDS)


def retry_context(request: HttpRequest) -> dict:
    hidden_names = setting("RETRY_HIDDEN_FIELDS")
    hidden, fields = [], []
    if request.method == "POST":
        for name, values in request.POST.lists():
            if _is_secret(name):
                continue
            for value in values:
                if name in hidden_names:
                    hidden.append((name, value))
                else:
                    fields.append(
                        {
                            "name": name,
                            "label": FIELD_LABELS.get(name, name),
                            "value": value,
                            "rows": 8 if "\n" in value or len(value) > 80 else 1,
                        }
                    )
    return {
        "action": request.get_full_path(),
        "hidden": hidden,
        "fields": fields,
        "csrf_token": get_token(request),
    }


def retry_response(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        render_to_string("errors/coba_lagi.html", retry_context(request)),
        status=503,
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


# SQLite reports a mistake in the query (an FTS syntax error, a missing table) as
# OperationalError too, with the generic code SQLITE_ERROR; an outage has its own
# code (SQLITE_BUSY, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN, ...).
_SQLITE_QUERY_ERRORS = {"SQLITE_ERROR"}


def is_outage(exception: BaseException) -> bool:
    """Whether ``exception`` says the database is unreachable, not the query wrong.

    A query error is a bug to fix (a 500 and its traceback), not a "coba lagi"
    page that tells the reader to wait for something that will never change.
    """
    if not isinstance(exception, OperationalError | InterfaceError):
        return False
    cause = exception.__cause__
    if isinstance(cause, sqlite3.Error):
        return getattr(cause, "sqlite_errorname", "") not in _SQLITE_QUERY_ERRORS
    return True


class DatabaseUnavailableMiddleware:
    """Answer a database connection error in a view with :func:`retry_response`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not is_outage(exception):
            return None
        logger.error(
            "Database unavailable during %s %s: %s",
            request.method,
            request.path,
            exception,
        )
        return retry_response(request)
