"""Every OWASP vector as a published comment in Chromium: nothing runs, text stays."""

from __future__ import annotations

from pathlib import Path

import pytest

# serialized_rollback restores what migrations created (root page, groups).
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

VECTORS = [
    line
    for line in (Path(__file__).parents[1] / "comments" / "xss_vectors.txt")
    .read_text(encoding="utf-8")
    .splitlines()
    if line.strip()
]

CANARY = """
window.__xss = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
    const original = window[name];
    window[name] = function (...args) {
        window.__xss.push(name + ":" + args.join(","));
        return original.apply(this, args);
    };
}
"""


def test_xss_vectors_render_as_text_and_run_nothing(web, settings):
    from news.demo import ensure_site_tree
    from tests.factories import ensure_wagtail_root, make_article, make_comment

    settings.WARTA_COMMENTS_PER_PAGE = 500
    ensure_wagtail_root()
    _, index = ensure_site_tree()
    article = make_article(index, title="Uji XSS")
    for vector in VECTORS:
        make_comment(article, name="Penguji", body=vector)
    dialogs: list[str] = []
    web.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    web.add_init_script(CANARY)

    web.goto(article.url)
    web.wait_for_load_state("load")
    bodies = web.locator(".comment-body")
    bodies.first.scroll_into_view_if_needed()
    for n in range(0, bodies.count(), 10):
        bodies.nth(n).hover()  # onmouseover vectors would fire here
    web.wait_for_timeout(500)

    assert dialogs == []
    assert web.evaluate("window.__xss") == []
    tags = web.evaluate(
        "[...document.querySelectorAll('.comment-body *')].map(e => e.tagName)"
    )
    assert set(tags) <= {"A", "BR"}
    assert bodies.count() == len(VECTORS)
    assert [bodies.nth(n).text_content() for n in range(len(VECTORS))] == VECTORS
    hrefs = web.evaluate(
        "[...document.querySelectorAll('.comment-body a')].map(a => a.href)"
    )
    assert all(href.startswith(("http://", "https://")) for href in hrefs)
