"""A moderator's shift, through the real admin with the keyboard and the mouse.

Log in, open the queue from the dashboard, triage with the keyboard only,
bulk-publish a group of near-identical comments, open one comment, block its
author, empty the spam folder, retrain the filter and roll back to the model
before. Each step is saved as a screenshot.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.factories import SMALL_TRAINING

# serialized_rollback restores what migrations created (groups, root page).
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "rahasia-uji-123"
PETITION = (
    "Mohon jalan poros Wara Timur segera diperbaiki, lubangnya sudah dalam "
    "dan membahayakan pengendara motor setiap malam."
)
HELD = [
    ("Andi Baso", "Kapan jadwal perekaman KTP elektronik di kecamatan Bara?", 0.52),
    ("Sitti Rahma", "Info lengkap hubungi wa.me/628123 sekarang juga", 0.81),
    ("Rudi Hartono", "Terima kasih, layanan kelurahan sekarang lebih cepat.", None),
]
SPAMMER = (
    "Promo Judi",
    "promo@judi.example",
    "Slot gacor maxwin, daftar di judi.example",
)
# English words of our moderation screens that must not show in the Indonesian admin.
ENGLISH = re.compile(
    r"\b(Publish|Reject|Not spam|Block|Unblock|Retrain|Roll back|Threshold|"
    r"Spam folder|Queue|held by|created by|created at|filter_timeout)\b"
)


def seed_queue(article):
    """Held comments, a run of near-identical ones, filter-binned spam, a spammer."""
    from django.utils import timezone

    from comments.models import Comment, ModerationEvent, Status
    from comments.text import fingerprint

    now = timezone.now()

    def add(name, body, probability, status=Status.PENDING, minutes=0, **fields):
        comment = Comment.objects.create(
            article=article,
            name=name,
            email=fields.pop("email", f"{name.split()[0].lower()}@warga.example"),
            body=body,
            status=status,
            spam_probability=probability,
            reasons=fields.pop("reasons", []),
            model_version="v-awal",
            fingerprint=fingerprint(body),
            submitted_at=now - timezone.timedelta(minutes=minutes),
            ip_hash=f"ip-{name}",
            **fields,
        )
        ModerationEvent.objects.create(
            comment=comment, from_status=Status.PENDING, to_status=status
        )
        return comment

    held = [
        add(name, body, p, minutes=i, reasons=reasons)
        for i, ((name, body, p), reasons) in enumerate(
            zip(HELD, [[], ["tautan: wa.me"], ["filter_timeout"]], strict=True)
        )
    ]
    run = [
        add(f"Warga Wara {i}", PETITION, 0.55, minutes=10 + i, email=f"w{i}@x.example")
        for i in range(4)
    ]
    name, email, body = SPAMMER
    spammer = add(name, body, 0.74, minutes=20, email=email, reasons=["kata: slot"])
    binned = [
        add(f"Bot {i}", f"Obat kuat asli nomor {i} murah", 0.97, Status.SPAM, 30 + i)
        for i in range(2)
    ]
    return held, run, spammer, binned


def log_in(web, username):
    web.goto("/admin/login/")
    web.get_by_label(re.compile("Nama pengguna|Username", re.I)).fill(username)
    web.get_by_label(re.compile("sandi|Password", re.I)).fill(PASSWORD)
    web.get_by_role("button", name=re.compile("Masuk|Sign in", re.I)).click()
    web.wait_for_url("**/admin/")


def focused_pk(web) -> int:
    cell = web.locator("tr.comment-row--focused [data-comment-row]")
    return int(cell.get_attribute("data-comment-row"))


def assert_indonesian(web):
    text = web.locator("main").inner_text()
    assert not ENGLISH.search(text), ENGLISH.search(text).group(0)


def test_a_moderators_shift(web, screenshots, filter_dir, django_user_model):
    from django.contrib.auth.models import Group

    from comments.models import Block, Comment, Status
    from news.demo import load_articles
    from spamfilter.registry import active_version
    from spamfilter.training import train_and_register

    # A crippled first model (one word and one character n-gram): the retrained
    # one is better on validation data, so it is activated.
    crippled = {"word_max_features": 1, "char_max_features": 1}
    first = train_and_register(activate="always", params=crippled, **SMALL_TRAINING)
    article = load_articles()[0]
    held, run, spammer, binned = seed_queue(article)
    moderator = django_user_model.objects.create_user(
        "moderator",
        "moderator@palopo.example",
        PASSWORD,
        first_name="Nur",
        last_name="Ain",
    )
    moderator.groups.add(Group.objects.get(name="Moderator"))

    # Log in; the dashboard counts what waits and links to the queue.
    log_in(web, "moderator")
    panel = web.locator(".comment-dashboard")
    waiting = len(held) + len(run) + 1
    expect(panel.locator('[data-stat="held"]')).to_have_text(str(waiting))
    expect(web.locator("img[src^='data:image/svg+xml']").first).to_be_visible()
    expect(web.locator("img[src*='gravatar']")).to_have_count(0)
    screenshots(web, "dashboard")
    panel.get_by_role("link", name=re.compile("menunggu moderasi")).click()
    web.wait_for_url("**/admin/komentar/")
    help_text = web.locator("#comment-shortcuts-help")
    expect(help_text).to_contain_text(re.compile(r"tahan \d+,\d %, spam \d+,\d %"))
    expect(web.get_by_text("Filter spam terlalu lama menilai").first).to_be_visible()
    publish = web.locator('[data-decision="publish"]').first
    expect(publish.locator("kbd")).to_have_text("p")
    expect(publish.locator("kbd")).to_be_visible()
    # The hint was drawn in the button's own background colour.
    same_colour = (
        "k => getComputedStyle(k).color === getComputedStyle(k.parentNode).color"
    )
    assert publish.locator("kbd").evaluate(same_colour)
    assert_indonesian(web)
    screenshots(web, "queue")

    # Keyboard only: j to the first row, p publishes it; j, r rejects the next.
    web.keyboard.press("j")
    first_pk = focused_pk(web)
    with web.expect_navigation():
        web.keyboard.press("p")
    expect(web.get_by_text(re.compile("diterbitkan"))).to_be_visible()
    assert Comment.objects.get(pk=first_pk).status == Status.PUBLISHED
    web.keyboard.press("j")
    second_pk = focused_pk(web)
    screenshots(web, "keyboard-focus")
    with web.expect_navigation():
        web.keyboard.press("r")
    expect(web.get_by_text(re.compile("ditolak"))).to_be_visible()
    assert Comment.objects.get(pk=second_pk).status == Status.REJECTED

    # Select the run of near-identical comments with x, publish them in one go.
    run_pks = {c.pk for c in run}
    rows = web.locator("[data-comment-row]").count()
    for _ in range(rows):
        web.keyboard.press("j")
        if focused_pk(web) in run_pks:
            web.keyboard.press("x")
    expect(web.locator("[data-bulk-action-checkbox]:checked")).to_have_count(4)
    screenshots(web, "run-selected")
    web.locator("[data-bulk-action-footer]").get_by_role(
        "link", name="Terbitkan komentar terpilih"
    ).click()
    expect(web.get_by_text("Terbitkan 4 komentar ini?")).to_be_visible()
    screenshots(web, "bulk-confirm")
    web.get_by_role("button", name="Ya, Terbitkan").click()
    expect(web.get_by_text("4 komentar diterbitkan.")).to_be_visible()
    published = Comment.objects.filter(pk__in=run_pks, status=Status.PUBLISHED)
    assert published.count() == 4
    assert len(set(published.values_list("events__batch", flat=True)) - {""}) == 1

    # Open the spammer's comment with o, block the author's address.
    for _ in range(web.locator("[data-comment-row]").count()):
        web.keyboard.press("j")
        if focused_pk(web) == spammer.pk:
            break
    with web.expect_navigation():
        web.keyboard.press("o")
    expect(web.locator(".comment-body")).to_contain_text("Slot gacor")
    expect(web.locator(".comment-detail")).to_contain_text("74,0 %")
    assert_indonesian(web)
    screenshots(web, "detail")
    web.get_by_role("button", name=re.compile("Blokir email")).click()
    expect(
        web.get_by_text(re.compile("Diblokir: .*promo@judi.example"))
    ).to_be_visible()
    assert Block.objects.filter(value="promo@judi.example").exists()
    screenshots(web, "blocked")

    # Empty the spam folder from the menu.
    web.get_by_role("button", name=re.compile(r"^Komentar")).click()
    web.get_by_role("link", name="Folder spam").click()
    web.wait_for_url("**/admin/komentar/spam/")
    expect(web.locator("[data-comment-row]")).to_have_count(len(binned))
    web.get_by_role("link", name="Kosongkan folder spam").click()
    web.wait_for_url("**/admin/komentar/spam/kosongkan/")
    expect(web.get_by_text("Folder spam berisi 2 komentar")).to_be_visible()
    screenshots(web, "empty-spam-confirm")
    web.get_by_role("button", name="Hapus permanen").click()
    expect(web.get_by_text("2 komentar spam dihapus.")).to_be_visible()
    assert not Comment.objects.filter(pk__in=[c.pk for c in binned]).exists()
    screenshots(web, "spam-emptied")

    # Retrain on the decisions just taken, then roll back to the model before.
    web.get_by_role("button", name=re.compile(r"^Komentar")).click()
    web.get_by_role("link", name="Filter spam").click()
    web.wait_for_url("**/admin/komentar/filter/")
    expect(web.locator("h1, h2").filter(has_text="Filter spam").first).to_be_attached()
    screenshots(web, "filter-before")
    with web.expect_navigation(timeout=300_000):
        web.get_by_role("button", name="Latih ulang filter").click(timeout=300_000)
    expect(
        web.get_by_text(re.compile(r"Model \S+ dilatih dan diaktifkan"))
    ).to_be_visible()
    assert active_version() != first
    versions = web.locator(".comment-model-versions code")
    expect(versions).to_have_count(2)
    table = web.locator(".comment-metrics").first
    expect(table).to_contain_text("Semua")
    expect(table).to_contain_text("%")
    assert_indonesian(web)
    screenshots(web, "retrained")
    web.get_by_role("button", name="Kembalikan ke model sebelumnya").click()
    expect(web.get_by_text(f"Dikembalikan ke model {first.version}.")).to_be_visible()
    assert active_version() == first
    screenshots(web, "rolled-back")
