"""Property-based fuzzing of the comment form and the body renderer (hypothesis)."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comments.models import Comment, Status
from comments.text import normalise_newlines, render_body
from tests.factories import comment_form_data, fake_verdict

# Any text a reader could paste: markup, entities, scripts, URLs, every plane of
# unicode, control characters. NUL is left out here: the form refuses it
# (Django's ProhibitNullCharactersValidator), tested below.
SNIPPETS = st.sampled_from(
    [
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "javascript:alert(1)",
        "&amp;&lt;&#x3c;",
        "https://example.go.id/a?b=1&c=<2>",
        "www.palopokota.go.id",
        "]]>",
        "{{ request }}{% csrf_token %}",
        "\u202e\u200b\ufeff",
        "\r\n",
    ]
)


def snippet_text(characters: st.SearchStrategy) -> st.SearchStrategy:
    return st.lists(st.one_of(st.text(characters), SNIPPETS), max_size=6).map("".join)


TEXT = snippet_text(st.characters(exclude_characters="\x00"))
# What a browser can send: a form is UTF-8, which has no lone surrogates.
SENDABLE = st.characters(exclude_categories=("Cs",))
TAG = re.compile(r"<(/?)([a-z]+)([^>]*)>")


def visible_text(rendered: str) -> str:
    return html.unescape(TAG.sub("", rendered.replace("<br>\n", "\n")))


@given(TEXT)
@settings(max_examples=300, deadline=None)
def test_rendered_bodies_are_the_readers_text_and_only_safe_markup(text):
    rendered = str(render_body(text))
    for closing, name, attrs in TAG.findall(rendered):
        assert name in {"a", "br"}, rendered
        if name == "a" and not closing:
            href = re.match(r' href="([^"]*)" rel="nofollow ugc noopener"$', attrs)
            assert href and href.group(1).startswith(("http://", "https://"))
    assert visible_text(rendered) == normalise_newlines(text)


@pytest.fixture
def open_form(settings, monkeypatch):
    settings.WARTA_COMMENTS_MIN_FILL_SECONDS = 0
    settings.WARTA_COMMENTS_RATE_LIMIT = 100_000
    settings.WARTA_COMMENTS_MAX_LINKS = 100
    monkeypatch.setattr(
        "spamfilter.score", lambda comment: fake_verdict(0.01, model_version="fuzz")
    )


FIELD = st.one_of(st.text(SENDABLE, max_size=120), SNIPPETS)


@pytest.mark.django_db
@given(
    name=FIELD,
    email=FIELD,
    website=FIELD,
    body=st.one_of(snippet_text(SENDABLE), st.text(SENDABLE)),
)
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_no_comment_form_input_makes_a_500_or_reaches_the_page_unescaped(
    article, open_form, name, email, website, body
):
    Comment.objects.all().delete()
    data = comment_form_data(article, name=name, email=email, website=website)
    data["body"] = body
    client = Client(raise_request_exception=False)
    response = client.post("/komentar/kirim/", data, HTTP_USER_AGENT="Fuzz")
    assert response.status_code in {302, 400, 429}, response.status_code
    page = client.get(article.url).content.decode()
    assert "<script>alert" not in page and "onerror=alert" not in page
    comment = Comment.objects.filter(status=Status.PUBLISHED).first()
    if response.status_code == 302 and comment is not None:
        assert str(render_body(comment.body)) in page
        assert html.escape(comment.name) in page
