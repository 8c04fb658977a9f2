"""Which database errors are an outage ("coba lagi") and which are a bug."""

from __future__ import annotations

import sqlite3

import pytest
from django.db.utils import InterfaceError, OperationalError

from warta_site.faults import is_outage


def django_error_from_sqlite(*statements: str, path: str = ":memory:"):
    """The OperationalError Django raises for the last statement, sqlite3's as cause."""
    try:
        connection = sqlite3.connect(path)
        for statement in statements:
            connection.execute(statement)
    except sqlite3.Error as error:
        wrapped = OperationalError(*error.args)
        wrapped.__cause__ = error
        return wrapped
    raise AssertionError(f"{statements!r} did not fail")


@pytest.mark.parametrize(
    "statements",
    [
        ("CREATE VIRTUAL TABLE t USING fts5(x)", "SELECT * FROM t WHERE t MATCH '\"a'"),
        ("SELECT * FROM no_such_table",),
        ("SELEC 1",),
    ],
)
def test_a_mistake_in_the_query_is_not_an_outage(statements):
    error = django_error_from_sqlite(*statements)
    assert error.__cause__.sqlite_errorname == "SQLITE_ERROR"
    assert not is_outage(error)


def test_a_database_file_that_cannot_be_opened_is_an_outage(tmp_path):
    error = django_error_from_sqlite(
        "SELECT 1", path=str(tmp_path / "missing-dir" / "db.sqlite3")
    )
    assert error.__cause__.sqlite_errorname == "SQLITE_CANTOPEN"
    assert is_outage(error)


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_connection_error_without_a_sqlite_cause_is_an_outage(error):
    assert is_outage(error("server closed the connection unexpectedly"))


def test_other_errors_are_not_an_outage():
    assert not is_outage(ValueError("x"))
