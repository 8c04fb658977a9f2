"""Search takes whatever a reader types: syntax the backend would choke on is text."""

from __future__ import annotations

import logging

import pytest

# Tested on SQLite's FTS5 and on PostgreSQL's tsquery (scripts/test runs both).
pytestmark = pytest.mark.django_db

AWKWARD_QUERIES = [
    '"pelayanan publik',
    'pelayanan"',
    '"',
    "\x00",
    "inovasi\x00",
    "inovasi AND",
    "OR",
    "NOT inovasi",
    "inovasi*",
    "(inovasi",
    "inovasi)",
    "^inovasi",
    "inovasi:",
    "judul:inovasi",
    "NEAR(inovasi",
    "-inovasi",
    "+",
    "'",
    "inovasi & | !",
    "\\",
    "{inovasi}",
    "\u200b",
]


@pytest.mark.parametrize("query", AWKWARD_QUERIES)
def test_awkward_query_gets_a_normal_results_page_and_no_outage_log(
    client, demo_articles, query, caplog
):
    with caplog.at_level(logging.WARNING):
        response = client.get("/cari/", {"q": query})
    assert response.status_code == 200
    assert "news/search.html" in [t.name for t in response.templates]
    assert "server sedang sibuk" not in response.content.decode()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_unbalanced_quote_still_finds_the_words_inside_it(client, demo_articles):
    html = client.get("/cari/", {"q": '"inovasi'}).content.decode()
    assert "3 hasil" in html


def test_nul_byte_is_ignored_and_the_rest_is_searched(client, demo_articles):
    html = client.get("/cari/?q=inovasi%00").content.decode()
    assert "3 hasil" in html
