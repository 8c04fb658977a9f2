"""axe-core on each admin page the Humas and moderator journeys visit.

Each page is opened once, logged in as the role that works on it, and checked
by the pinned axe-core (tests/browser/axe.py): no serious or critical violation.
Wagtail's own markup that our configuration cannot fix is excused rule by rule
and selector by selector in ``WAGTAIL_OWN`` below, never a whole page.
"""

from __future__ import annotations

import pytest

from .admin_support import (
    PASSWORD,
    humas_user,
    log_in,
    moderator_pages,
    moderator_user,
)
from .axe import blocking, describe, run_axe
from .screens import Screenshots

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Wagtail 8's own markup, which no setting or panel option of ours reaches:
# (rule id, text of the element's opening tag as axe reports it) -> why.
WAGTAIL_OWN: dict[tuple[str, str], str] = {
    (
        "aria-input-field-name",
        'class="notranslate public-DraftEditor-content"',
    ): "Draftail (rich text in StreamField blocks) renders its contenteditable "
    "role=textbox with no aria-label; RichTextBlock passes no ariaLabel option",
    (
        "label",
        'class="ui-widget-content ui-autocomplete-input"',
    ): "the tag field's jQuery tag-it input, made by Wagtail's w-tag controller "
    "without a label or placeholder (AdminTagWidget offers no option for it)",
    (
        "label",
        'id="fileupload"',
    ): "the multiple-upload drop zone's file input "
    "(wagtailimages/multiple/add.html) sits under a button that names it but is "
    "not its <label>",
    (
        "label-content-name-mismatch",
        'class="page-status-tag"',
    ): "the page header's status tag: visible text 'Terpublikasi', aria-label "
    "'Terlihat oleh semua. ...' (wagtailadmin/shared/page_status_tag_new.html)",
}


def wagtails_own(rule: str, node: dict) -> bool:
    return any(rule == own and html in node["html"] for own, html in WAGTAIL_OWN)


def excused(violations: list[dict]) -> list[dict]:
    """The violations left once Wagtail's own, listed above, are set aside."""
    left = []
    for violation in violations:
        nodes = [
            node
            for node in violation["nodes"]
            if not wagtails_own(violation["id"], node)
        ]
        if nodes:
            left.append({**violation, "nodes": nodes})
    return left


def humas_pages() -> list[tuple[str, str]]:
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    from news.demo import load_articles
    from news.models import NewsIndexPage

    article = load_articles()[0]
    article.save_revision().publish()
    index = NewsIndexPage.objects.get()
    image = get_image_model().objects.create(
        title="Foto pembukaan forum", file=get_test_image_file()
    )
    return [
        ("dasbor", "/admin/"),
        ("penjelajah", f"/admin/pages/{index.pk}/"),
        ("berita-baru", f"/admin/pages/add/news/articlepage/{index.pk}/"),
        ("ubah-berita", f"/admin/pages/{article.pk}/edit/"),
        ("riwayat", f"/admin/pages/{article.pk}/history/"),
        ("gambar", "/admin/images/"),
        ("unggah-gambar", "/admin/images/multiple/add/"),
        ("ubah-gambar", f"/admin/images/{image.pk}/"),
    ]


def check(web, shot, pages, found: dict[str, str]) -> None:
    for name, address in pages:
        response = web.goto(address)
        assert response.ok, (address, response.status)
        web.wait_for_load_state("networkidle")
        shot(web, name)
        left = excused(blocking(run_axe(web)))
        if left:
            found[f"{name} {address}"] = describe(left)


def test_admin_pages_of_the_journeys_have_no_serious_axe_violations(
    web, browser, live_server, output_dir, django_user_model
):
    shot = Screenshots(output_dir / "admin-axe")
    found: dict[str, str] = {}

    humas = humas_pages()
    humas_user()
    log_in(web, "humas")
    check(web, shot, humas, found)

    moderator_user()
    pages = moderator_pages()
    context = browser.new_context(locale="id-ID", base_url=live_server.url)
    try:
        tab = context.new_page()
        log_in(tab, "moderator")
        check(tab, shot, pages, found)
        django_user_model.objects.create_superuser("root", "root@palopo.id", PASSWORD)
        root = browser.new_context(locale="id-ID", base_url=live_server.url)
        tab = root.new_page()
        log_in(tab, "root")
        check(tab, shot, [("impor-wordpress", "/admin/impor-wordpress/")], found)
        root.close()
    finally:
        context.close()

    report = "\n".join(f"{where}\n{text}" for where, text in found.items())
    assert not found, f"axe: serious violations on {len(found)} pages:\n{report}"
