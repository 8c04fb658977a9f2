"""A Humas editor publishes a press release through the admin, as a person does.

Clicks and typing in Chromium, in the Indonesian admin and again with the
user's admin language set to English: a new article with its defaults (the date
untouched), dateline, lead, a body with an uploaded image and its alt text,
categories and tags -> save draft -> preview -> schedule for next week (the
go-live time typed as the date picker writes it) -> cancel the schedule and
publish now -> edit and find the revisions in the history -> unpublish. Each step
is a screenshot under the output folder; in Indonesian every step is also checked
for English left on screen.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from .admin_support import humas_user, log_in
from .english_left import PAGE_TEXT_JS, english_left
from .screens import Screenshots

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LABELS = {
    "id": {
        "add_child": "Tambahkan halaman turunan",
        "insert_block": "Sisipkan blok",
        "paragraph": "Paragraf",
        "image": "Gambar",
        "choose_image": "Pilih sebuah gambar",
        "upload": "Unggah",
        "alt_text": "Teks alt",
        "category": "Pelayanan Publik",
        "save_draft": "Simpan konsep",
        "more_actions": "Tindakan lain",
        "preview": "Buka/tutup pratinjau",
        "preview_tab": "Pratinjau di tab baru",
        "status": "Buka/tutup status",
        "set_schedule": "Atur jadwal",
        "unschedule": "Batalkan publikasi terjadwal",
        "edit_schedule": "Ubah jadwal",
        "save_schedule": "Simpan jadwal",
        "schedule_publish": "Jadwalkan terbit",
        "publish": "Publikasi",
        "history": "Riwayat",
        "unpublish": "Batal Publikasi",
        "confirm_unpublish": "Ya, tarik publikasi",
    },
    "en": {
        "add_child": "Add child page",
        "insert_block": "Insert a block",
        "paragraph": "Paragraph",
        "image": "Image",
        "choose_image": "Choose an image",
        "upload": "Upload",
        "alt_text": "Alt text",
        "category": "Pelayanan Publik",
        "save_draft": "Save draft",
        "more_actions": "More actions",
        "preview": "Toggle preview",
        "preview_tab": "Preview in new tab",
        "status": "Toggle status",
        "set_schedule": "Set schedule",
        "unschedule": "Cancel scheduled publish",
        "edit_schedule": "Edit schedule",
        "save_schedule": "Save schedule",
        "schedule_publish": "Schedule to publish",
        "publish": "Publish",
        "history": "History",
        "unpublish": "Unpublish",
        "confirm_unpublish": "Yes, unpublish it",
    },
}


@pytest.fixture
def photo(tmp_path):
    from PIL import Image

    path = tmp_path / "pasar-murah.png"
    Image.new("RGB", (120, 80), (30, 120, 200)).save(path)
    return path


@pytest.mark.parametrize("language", ["id", "en"])
def test_humas_publishes_schedules_edits_and_unpublishes_a_press_release(
    web, output_dir, photo, language
):
    from django.utils import timezone

    from news.demo import ensure_site_tree
    from news.models import ArticlePage, Category

    _, index = ensure_site_tree()
    Category.objects.create(name="Pelayanan Publik", slug="pelayanan-publik")
    humas_user(language="en" if language == "en" else "")
    label = LABELS[language]
    # Uploads and publishing take seconds on a busy two-core machine.
    web.set_default_timeout(30_000)
    expect.set_options(timeout=30_000)
    shot = Screenshots(output_dir / f"humas-{language}")
    english: list[str] = []

    def step(name: str) -> None:
        shot(web, name)
        if language == "id":
            english.extend(
                f"{name}: {item}" for item in english_left(web.evaluate(PAGE_TEXT_JS))
            )

    schedule_button = web.get_by_role(
        "button", name=re.compile(f"{label['edit_schedule']}|{label['set_schedule']}")
    )

    def open_status_panel() -> None:
        # The editor remembers which side panel was open.
        web.wait_for_load_state("networkidle")
        if not schedule_button.is_visible():
            web.get_by_role("button", name=label["status"]).click()
        expect(schedule_button).to_be_visible()

    log_in(web, "humas")
    step("dasbor")

    # A new article: the date field keeps the default the editor shows.
    web.goto(f"/admin/pages/{index.pk}/")
    web.get_by_role("link", name=label["add_child"]).click()
    web.wait_for_url("**/add/news/articlepage/**")
    today = timezone.localdate()
    expect(web.locator("#id_date")).to_have_value(today.strftime("%d.%m.%Y"))
    web.locator("#id_title").fill("Pemkot Palopo Gelar Pasar Murah Jelang Natal")
    web.locator("#id_dateline").fill("PALOPO")
    web.locator("#id_lead").fill(
        "Pemerintah Kota Palopo menggelar pasar murah di Lapangan Pancasila."
    )
    body = web.locator("[data-contentpath=body]")
    body.get_by_role("button", name=label["insert_block"]).first.click()
    web.get_by_role("option", name=label["paragraph"]).click()
    body.locator("[contenteditable=true]").first.click()
    web.keyboard.type("Warga dapat membeli beras dan minyak goreng lebih murah.")
    body.get_by_role("button", name=label["insert_block"]).last.click()
    web.get_by_role("option", name=label["image"], exact=True).click()
    body.get_by_role("button", name=label["choose_image"]).click()
    modal = web.locator(".modal-content")
    modal.get_by_role("tab", name=label["upload"]).click()
    modal.locator("input[type=file]").set_input_files(photo)
    modal.locator("input[name$=upload-title]").fill("Pasar murah Palopo")
    step("unggah-gambar")
    modal.get_by_role("button", name=label["upload"], exact=True).click()
    expect(body.get_by_text("Pasar murah Palopo")).to_be_visible()
    expect(modal).to_be_hidden()
    body.get_by_label(label["alt_text"]).fill("Warga antre di depan lapak beras")
    web.get_by_label(label["category"]).check()
    tags = web.locator("#id_tags").locator("xpath=..").locator("input:visible")
    tags.fill("pasar murah")
    tags.press("Enter")
    step("berita-baru")
    expect(web.locator("[data-contentpath=categories] input:checked")).to_have_count(1)

    web.get_by_role("button", name=label["save_draft"]).click()
    web.wait_for_url("**/edit/**")
    article = ArticlePage.objects.get(slug__startswith="pemkot-palopo-gelar-pasar")
    assert not article.live
    assert article.date == today
    draft = article.get_latest_revision_as_object()
    assert [block.block_type for block in draft.body] == ["paragraph", "image"]
    assert "membeli beras dan minyak goreng" in draft.body[0].value.source
    assert draft.body[1].value["image"].contextual_alt_text == (
        "Warga antre di depan lapak beras"
    )
    assert [c.name for c in draft.categories.all()] == ["Pelayanan Publik"]
    assert [t.name for t in draft.tags.all()] == ["pasar murah"]
    step("konsep-tersimpan")

    # Preview in the side panel.
    web.get_by_role("button", name=label["preview"]).click()
    step("pratinjau")
    with web.context.expect_page() as opened:
        web.get_by_role("link", name=label["preview_tab"]).click()
    preview = opened.value
    expect(preview.locator("h1")).to_have_text(
        "Pemkot Palopo Gelar Pasar Murah Jelang Natal"
    )
    expect(preview.locator("article img")).to_have_attribute(
        "alt", "Warga antre di depan lapak beras"
    )
    shot(preview, "pratinjau-tab")
    preview.close()
    web.get_by_role("button", name=label["preview"]).click()

    # Schedule for next week, typed the way the date picker writes it.
    go_live = timezone.localtime() + dt.timedelta(days=7)
    go_live_text = go_live.strftime("%d.%m.%Y 09:00")
    open_status_panel()
    schedule_button.click()
    dialog = web.get_by_role("dialog")
    field = dialog.locator("input[name=go_live_at]")
    field.press_sequentially(go_live_text)
    field.press("Tab")
    expect(field).to_have_value(go_live_text)
    step("jadwal")
    # The next field's date picker may lie over the button; click it where it is.
    dialog.get_by_role("button", name=label["save_schedule"]).dispatch_event("click")
    web.get_by_role("button", name=label["more_actions"]).click()
    web.get_by_role("button", name=label["schedule_publish"]).click()
    web.wait_for_load_state("networkidle")
    article.refresh_from_db()
    assert not article.live
    assert timezone.localtime(article.go_live_at).strftime("%d.%m.%Y %H:%M") == (
        go_live_text
    )
    assert article.scheduled_revision is not None
    step("terjadwal")

    # A scheduled page is locked until the schedule is cancelled.
    web.goto(f"/admin/pages/{article.pk}/edit/")
    step("terkunci-jadwal")
    with web.expect_navigation():  # it posts, then reloads the editor
        web.get_by_role("button", name=label["unschedule"]).click()
    expect(web.get_by_role("button", name=label["unschedule"])).to_have_count(0)
    article = ArticlePage.objects.get(pk=article.pk)  # scheduled_revision is cached
    assert article.scheduled_revision is None
    assert not article.live
    step("jadwal-dibatalkan")

    # Publish now: the go-live time becomes now, typed as the picker writes it
    # (an emptied field gets the browser's clock back from the picker).
    open_status_panel()
    schedule_button.click()
    dialog = web.get_by_role("dialog")
    field = dialog.locator("input[name=go_live_at]")
    now_text = timezone.localtime().strftime("%d.%m.%Y %H:%M")
    field.fill("")
    field.press_sequentially(now_text)
    field.press("Tab")
    expect(field).to_have_value(now_text)
    with web.expect_navigation():
        dialog.get_by_role("button", name=label["save_schedule"]).dispatch_event(
            "click"
        )
    web.get_by_role("button", name=label["more_actions"]).click()
    with web.expect_navigation():
        web.get_by_role("button", name=label["publish"], exact=True).click()
    article = ArticlePage.objects.get(pk=article.pk)
    assert article.live
    step("terbit")

    # Edit; the new revision is in the history.
    web.goto(f"/admin/pages/{article.pk}/edit/")
    web.locator("#id_lead").fill(
        "Pemerintah Kota Palopo menggelar pasar murah di tiga kecamatan."
    )
    with web.expect_navigation():
        web.get_by_role("button", name=label["save_draft"]).click()
    web.goto(f"/admin/pages/{article.pk}/history/")
    rows = web.locator("main table tbody tr")
    expect(rows.first).to_contain_text("humas")
    # Created, draft saved, scheduled, unscheduled, published, edited.
    assert rows.count() >= 5
    step("riwayat")

    # Unpublish.
    web.goto(f"/admin/pages/{article.pk}/unpublish/")
    with web.expect_navigation():
        web.get_by_role("button", name=label["confirm_unpublish"]).click()
    assert not ArticlePage.objects.get(pk=article.pk).live
    step("ditarik")

    assert not english, "English left in the Indonesian admin:\n" + "\n".join(english)


def new_article_with_a_paragraph(web, title: str, lead: str):
    """Humas, in the Indonesian admin: a new article under the news index with
    its title, dateline and lead, and an empty paragraph block; returns the
    body's locator."""
    from news.demo import ensure_site_tree

    _, index = ensure_site_tree()
    humas_user()
    web.set_default_timeout(30_000)
    log_in(web, "humas")
    web.goto(f"/admin/pages/{index.pk}/")
    web.get_by_role("link", name=LABELS["id"]["add_child"]).click()
    web.wait_for_url("**/add/news/articlepage/**")
    web.locator("#id_title").fill(title)
    web.locator("#id_dateline").fill("PALOPO")
    web.locator("#id_lead").fill(lead)
    body = web.locator("[data-contentpath=body]")
    body.get_by_role("button", name=LABELS["id"]["insert_block"]).first.click()
    web.get_by_role("option", name=LABELS["id"]["paragraph"]).click()
    return body


def test_a_paragraph_typed_just_before_ctrl_s_is_saved(web):
    """A fast typist saves with Ctrl+S as the last word is typed: the editor
    copies typed text into the form 250 ms after the last keystroke, so the
    draft would be saved without it (the paragraph empty)."""
    from news.models import ArticlePage

    body = new_article_with_a_paragraph(
        web,
        "Disdukcapil Palopo Buka Layanan Hari Sabtu",
        "Perekaman KTP elektronik kini juga hari Sabtu.",
    )
    body.locator("[contenteditable=true]").first.click()
    typed = "Warga dapat datang mulai pukul 08.00 WITA. (hms/iys)"
    web.keyboard.type(typed)
    web.keyboard.press("Control+s")

    web.wait_for_url("**/edit/**")
    article = ArticlePage.objects.get(slug__startswith="disdukcapil-palopo-buka")
    draft = article.get_latest_revision_as_object()
    assert typed in draft.body[0].value.source


def test_publishing_an_empty_paragraph_is_refused_in_indonesian(web, output_dir):
    """A paragraph block inserted and left empty: the article is not published
    with an empty body, and the editor is told why, in Indonesian."""
    body = new_article_with_a_paragraph(
        web,
        "Rapat Koordinasi Penanganan Banjir",
        "Pemkot Palopo menggelar rapat koordinasi.",
    )
    web.get_by_role("button", name=LABELS["id"]["more_actions"]).click()
    web.get_by_role("button", name=LABELS["id"]["publish"], exact=True).click()

    expect(web.get_by_text("ada isian yang perlu diperbaiki")).to_be_visible()
    expect(body.get_by_text("Kolom ini harus diisi.")).to_be_visible()
    Screenshots(output_dir / "humas-paragraf-kosong")(web, "ditolak")
    assert english_left(web.evaluate(PAGE_TEXT_JS)) == []
    # Not on the site (read through it: the server may still be writing the
    # editing session on SQLite).
    response = web.goto("/berita/rapat-koordinasi-penanganan-banjir/")
    assert response is not None and response.status == 404
