"""import_wordpress on small exports of our own and on WordPress's theme unit test."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from comments.models import Comment, ModerationEvent
from news.models import ArticlePage, Category, SimplePage
from wordpress.importer import IMPORT_USERNAME, Options, import_export
from wordpress.models import ImportedObject

DATA = Path(__file__).parent / "data"
SMALL = DATA / "small.xml"
THEME_UNIT_TEST = "shared/data/wordpress/theme-unit-test-data.xml"


@pytest.fixture
def media_dir(tmp_path, settings):
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path / "media"
    uploads = tmp_path / "uploads"
    (uploads / "2019/04").mkdir(parents=True)
    Image.new("RGB", (40, 30), "blue").save(uploads / "2019/04/banjir.png")
    (uploads / "2019/04/apbd.pdf").write_bytes(b"%PDF-1.4 laporan")
    return uploads


@pytest.fixture
def small(news_index, media_dir):
    return import_export(SMALL, Options(media_dir=media_dir, dateline="CONTOH"))


def _rows() -> dict[str, int]:
    return {
        "objects": ImportedObject.objects.count(),
        "pages": Page.objects.count(),
        "comments": Comment.objects.count(),
        "events": ModerationEvent.objects.count(),
        "redirects": Redirect.objects.count(),
        "categories": Category.objects.count(),
    }


def test_posts_become_articles_with_their_status_date_author_and_terms(small):
    article = ArticlePage.objects.get(slug="wali-kota-tinjau-banjir")
    assert article.live and article.title == "Wali Kota Tinjau Banjir"
    # 15:30 UTC is 23:30 WITA on the 25th; the site's zone decides the date.
    assert article.date == dt.date(2019, 4, 25)
    assert article.first_published_at == dt.datetime(2019, 4, 25, 15, 30, tzinfo=dt.UTC)
    assert article.lead == "Wali kota meninjau banjir."
    assert article.dateline == "CONTOH"
    assert [c.slug for c in article.categories.all()] == ["kecamatan"]
    assert Category.objects.get(slug="kecamatan").parent.slug == "pemerintahan"
    assert [t.name for t in article.tags.all()] == ["banjir"]
    owner = article.owner
    assert owner.username == "humas" and not owner.is_active
    assert not owner.has_usable_password()
    assert list(owner.groups.values_list("name", flat=True)) == ["Humas"]

    draft = ArticlePage.objects.get(title="Rapat anggaran")
    assert not draft.live and draft.slug == "rapat-anggaran"
    scheduled = ArticlePage.objects.get(slug="pengumuman-cpns")
    assert not scheduled.live
    assert scheduled.go_live_at == dt.datetime(2030, 1, 2, tzinfo=dt.UTC)
    assert scheduled.latest_revision.approved_go_live_at is not None
    private = ArticlePage.objects.get(slug="catatan-internal")
    assert not private.live
    assert not ArticlePage.objects.filter(slug="dibuang").exists()
    assert small.created[("berita", "live")] == 1
    assert small.created[("berita", "draft")] == 2
    assert small.created[("berita", "scheduled")] == 1
    assert small.skipped["berita berstatus trash"] == 1


def test_content_becomes_blocks_and_nothing_is_dropped_silently(small):
    article = ArticlePage.objects.get(slug="wali-kota-tinjau-banjir")
    types = [block.block_type for block in article.body]
    # text, [caption], blockquote, table as text, [gallery] (one file of two:
    # the missing one as text), the bare oEmbed line.
    assert types == [
        *("paragraph", "image", "quote", "paragraph", "image", "paragraph", "embed")
    ]
    assert types_of_embed(article) == ["https://www.youtube.com/watch?v=abc123"]
    assert "<b>Kecamatan Wara</b>" in article.body[0].value.source
    image_block = next(b for b in article.body if b.block_type == "image")
    assert image_block.value["caption"] == "Banjir di Kecamatan Wara"
    assert image_block.value["image"].contextual_alt_text == "Banjir di Wara"
    assert image_block.value["image"].title == "Foto banjir"
    quote = next(b for b in article.body if b.block_type == "quote")
    assert quote.value["quote"] == "Kami siagakan perahu karet."
    assert quote.value["attribution"] == "Wali Kota"
    text = " ".join(b.value.source for b in article.body if b.block_type == "paragraph")
    assert "Posko" in text and "Wara" in text  # the table, kept as text
    assert "hilang.jpg" not in text or "Foto hilang" in text
    assert "alert" not in text
    assert small.unmapped["<table> (disimpan sebagai teks)"] == 1
    assert small.unmapped["<script> (dihapus: kode)"] == 1
    assert small.unmapped["gambar tanpa berkas (disimpan sebagai tautan)"] == 1
    assert article.featured_image.description == "Jalan tergenang air"
    assert article.featured_image_alt == "Jalan tergenang air"
    assert small.missing_files == ["2019/04/hilang.jpg"]


def test_attachments_become_images_and_documents_from_the_media_dir(small):
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    image = get_image_model().objects.get(title="Foto banjir")
    assert (image.width, image.height, image.description) == (
        40,
        30,
        "Jalan tergenang air",
    )
    document = get_document_model().objects.get()
    assert document.title == "Laporan APBD 2019"
    assert document.file.read() == b"%PDF-1.4 laporan"
    assert small.created[("image", "")] == 1 and small.created[("document", "")] == 1
    assert small.skipped["gambar: berkas tidak ada"] == 1


def test_pages_keep_their_tree_under_the_home_page(small, home_page):
    profil = SimplePage.objects.get(slug="profil")
    struktur = SimplePage.objects.get(slug="struktur")
    assert profil.get_parent().pk == home_page.pk
    # The child came first in the file; it is moved under its parent at the end.
    assert struktur.get_parent().pk == profil.pk
    assert profil.body[0].value.source == "<p>Tentang kota.</p>"


def test_comments_keep_thread_status_and_only_a_hash_of_the_ip(small):
    article = ArticlePage.objects.get(slug="wali-kota-tinjau-banjir")
    by_name = {c.name: c for c in Comment.objects.filter(article=article)}
    assert set(by_name) == {"Andi", "Budi", "Citra", "Great Blog", "Kasar"}
    assert by_name["Andi"].status == "published"
    assert by_name["Andi"].email == "andi@example.com"
    assert by_name["Andi"].website == "https://andi.example"
    assert by_name["Andi"].ip_hash and "203.0.113.5" not in by_name["Andi"].ip_hash
    assert by_name["Budi"].parent == by_name["Andi"]
    # A reply to a reply answers the thread's top (our replies are one level).
    assert by_name["Citra"].parent == by_name["Andi"]
    assert by_name["Citra"].status == "pending"
    assert by_name["Great Blog"].status == "spam"
    assert by_name["Kasar"].status == "rejected"
    assert by_name["Budi"].body == "Terima kasih Pak."
    assert by_name["Andi"].submitted_at == dt.datetime(2019, 4, 26, tzinfo=dt.UTC)
    assert small.skipped["pingback (tanpa --pingbacks)"] == 1


def test_moderated_comments_become_labels_marked_with_their_source(small):
    from comments.learning import moderator_labels

    labels = {row.text: row for row in moderator_labels()}
    assert labels["Semoga cepat surut."].label == "ham"
    assert labels["Great post, keep it up! Visit my site."].label == "spam"
    assert "Balasan untuk balasan." not in labels  # held: no decision yet
    assert "Komentar yang dibuang." not in labels  # rejected teaches nothing
    events = ModerationEvent.objects.filter(actor__username=IMPORT_USERNAME)
    assert set(events.values_list("source", flat=True)) == {"wordpress"}
    assert small.labels == {"ham": 2, "spam": 1}


def test_old_links_redirect_to_the_new_pages(small, client):
    article = ArticlePage.objects.get(slug="wali-kota-tinjau-banjir")
    url = article.url
    for old in (
        "/?p=10",
        "/2019/04/25/wali-kota-tinjau-banjir/",
        "/?attachment_id=21",
        "/2019/04/25/wali-kota-tinjau-banjir/foto-banjir/",
        "/2019/04/25/wali-kota-tinjau-banjir/laporan-apbd-2019/",
    ):
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == url, old
    response = client.get("/category/pemerintahan/kecamatan/")
    assert response.status_code == 301
    assert response["Location"].endswith("/berita/?kategori=kecamatan")
    assert client.get("/profil/").status_code == 200  # the same address here
    struktur = SimplePage.objects.get(slug="struktur")
    assert client.get("/profil/struktur/").status_code == 200
    assert struktur.url == "/profil/struktur/"
    assert client.get("/").status_code == 200


def test_problems_name_their_line_and_the_rest_is_imported(small):
    messages = dict(small.problems)
    assert "product" in messages[211]
    assert "komentar 200" in messages[216]
    assert small.skipped["jenis nav_menu_item"] == 1


def test_a_second_run_creates_nothing(small, media_dir):
    before = _rows()
    again = import_export(SMALL, Options(media_dir=media_dir))
    assert _rows() == before
    assert not again.created
    assert again.existing["berita"] == 4 and again.existing["komentar"] == 5


def test_an_interrupted_import_resumes(news_index, media_dir, monkeypatch):
    from wordpress import importer

    real = importer._Importer._comments
    calls = {"n": 0}

    def crash_on_second_post(self, items, article_ids):
        calls["n"] += 1
        if any(item.post_id == 11 for item in items):
            raise KeyboardInterrupt
        return real(self, items, article_ids)

    monkeypatch.setattr(importer._Importer, "_comments", crash_on_second_post)
    with pytest.raises(KeyboardInterrupt):
        import_export(SMALL, Options(media_dir=media_dir, batch_size=1))
    assert ArticlePage.objects.filter(slug="wali-kota-tinjau-banjir").exists()
    assert not ArticlePage.objects.filter(title="Rapat anggaran").exists()
    monkeypatch.setattr(importer._Importer, "_comments", real)
    report = import_export(SMALL, Options(media_dir=media_dir))
    assert report.existing["berita"] == 1
    assert report.created[("berita", "draft")] == 2
    assert ArticlePage.objects.filter(title="Rapat anggaran").count() == 1


def test_a_dry_run_reports_and_saves_nothing(news_index, media_dir):
    before = _rows()
    report = import_export(SMALL, Options(media_dir=media_dir, dry_run=True))
    assert _rows() == before
    assert report.created[("berita", "live")] == 1
    assert report.created[("komentar", "published")] == 2


def types_of_embed(page) -> list[str]:
    return [b.value.url for b in page.body if b.block_type == "embed"]


def _write(tmp_path, text: str) -> Path:
    path = tmp_path / "export.xml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_truncated_export_keeps_what_came_before_the_cut(tmp_path, news_index):
    text = SMALL.read_text(encoding="utf-8")
    cut = text.index("<title>Rapat anggaran</title>") + 20
    report = import_export(_write(tmp_path, text[:cut]))
    assert ArticlePage.objects.filter(slug="wali-kota-tinjau-banjir").exists()
    line, message = report.problems[-1]
    assert "terpotong" in message
    assert line == text[:cut].count("\n") + 1


def test_an_unknown_wxr_version_is_named_with_its_line(tmp_path, news_index):
    text = SMALL.read_text(encoding="utf-8").replace(
        "<wp:wxr_version>1.2</wp:wxr_version>", "<wp:wxr_version>9.9</wp:wxr_version>"
    )
    report = import_export(_write(tmp_path, text))
    assert (11, "versi WXR tidak dikenal: 9.9; dibaca seperti WXR 1.2") in (
        report.problems
    )
    assert ArticlePage.objects.filter(slug="wali-kota-tinjau-banjir").exists()


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>',
        '<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    ],
)
def test_entities_and_doctypes_are_refused(tmp_path, news_index, doctype):
    text = SMALL.read_text(encoding="utf-8").replace(
        "<title>Humas Kota Contoh</title>", "<title>&b;&x;</title>"
    )
    text = text.replace("?>\n", f"?>\n{doctype}\n", 1)
    report = import_export(_write(tmp_path, text))
    assert report.problems[-1][1].startswith("berkas ditolak (tidak aman)")
    assert not ArticlePage.objects.filter(slug="wali-kota-tinjau-banjir").exists()


def test_the_command_prints_the_report(news_index, media_dir):
    out = StringIO()
    call_command(
        "import_wordpress", str(SMALL), media_dir=media_dir, stdout=out, verbosity=0
    )
    text = out.getvalue()
    assert "Situs: Humas Kota Contoh (https://contoh.go.id), WXR 1.2" in text
    assert "Label untuk filter spam: 2 bukan spam, 1 spam" in text
    assert "baris 211:" in text


def _theme_unit_test() -> Path | None:
    for folder in Path(__file__).resolve().parents:
        if (folder / THEME_UNIT_TEST).is_file():
            return folder / THEME_UNIT_TEST
    return None


@pytest.mark.skipif(_theme_unit_test() is None, reason="../shared/data is not here")
def test_wordpress_theme_unit_test_export_imports_with_its_exact_counts(news_index):
    # Counted independently with ElementTree/grep: 56 published, 1 draft and
    # 1 future post; 21 pages (13 with a parent); 68 <wp:category> plus one
    # category repeated as <wp:term>; 110 tags; 33 comments, of which 5 are on
    # pages, 2 pingbacks, 2 trackbacks, 23 approved and 1 held on posts;
    # 37 attachments without files; 70 menu items.
    report = import_export(_theme_unit_test())
    assert report.created[("berita", "live")] == 56
    assert report.created[("berita", "draft")] == 1
    assert report.created[("berita", "scheduled")] == 1
    assert report.created[("halaman", "live")] == 21
    assert SimplePage.objects.count() == 21
    assert SimplePage.objects.filter(depth__gt=news_index.depth).count() == 13
    assert report.created[("kategori", "")] == 68
    assert report.existing["kategori"] == 1
    assert report.created[("tag", "")] == 110
    assert report.created[("penulis", "nonaktif")] == 2
    assert report.created[("komentar", "published")] == 23
    assert report.created[("komentar", "pending")] == 1
    assert report.skipped["pingback (tanpa --pingbacks)"] == 2
    assert report.skipped["trackback (tanpa --pingbacks)"] == 2
    assert (
        report.skipped["komentar: halaman tidak menerima komentar (hanya berita)"] == 5
    )
    assert report.missing_count == 37
    assert report.skipped["jenis nav_menu_item"] == 70
    assert report.labels == {"ham": 23}
    assert Comment.objects.exclude(article__slug__in=_seed_slugs()).count() == 24


def _seed_slugs() -> list[str]:
    from news.demo import seed_articles

    return [seed.slug for seed in seed_articles()]


def test_bulk_created_articles_keep_wagtail_invariants(small, news_index):
    from wagtail.models import ReferenceIndex

    out = StringIO()
    call_command("fixtree", stdout=out)
    assert out.getvalue().count("No problems found.") == 2
    index = Page.objects.get(pk=news_index.pk)
    assert index.numchild == index.get_children().count()
    imported = ArticlePage.objects.filter(
        pk__in=ImportedObject.objects.filter(kind="post").values("object_id")
    )
    assert imported.count() == 4  # live, draft, scheduled, private (a draft)
    for page in imported:
        assert page.url_path == f"{index.url_path}{page.slug}/"
        assert page.latest_revision is not None
        assert page.has_unpublished_changes is not page.live
        assert page.live_revision_id == (page.latest_revision_id if page.live else None)
        # The admin edits the revision: it carries the categories and tags.
        as_object = page.latest_revision.as_object()
        assert list(as_object.categories.all()) == list(page.categories.all())
        assert {t.name for t in as_object.tags.all()} == {
            t.name for t in page.tags.all()
        }
    live = imported.get(slug="wali-kota-tinjau-banjir")
    assert live.first_published_at is not None
    scheduled = imported.get(go_live_at__isnull=False)
    assert scheduled.latest_revision.approved_go_live_at == scheduled.go_live_at
    assert live.pk in [p.pk for p in ArticlePage.objects.search("Tinjau")]
    assert ReferenceIndex.get_references_to(live.featured_image).exists()


def test_one_bad_post_in_a_batch_is_reported_and_the_others_imported(
    news_index, media_dir, monkeypatch
):
    from wordpress import importer

    real = importer._Importer._converted

    def fail_on_budget(self, item):
        if item.post_id == 11:
            raise ValueError("rusak")
        return real(self, item)

    monkeypatch.setattr(importer._Importer, "_converted", fail_on_budget)
    report = import_export(SMALL, Options(media_dir=media_dir))
    assert report.created[("berita", "live")] == 1
    assert report.created[("berita", "draft")] == 1  # the private one
    assert report.created[("berita", "scheduled")] == 1
    assert not ArticlePage.objects.filter(title="Rapat anggaran").exists()
    assert any("item tidak dapat diimpor: rusak" in m for _, m in report.problems)
    assert report.created[("komentar", "published")] == 2


def test_imported_decisions_stay_labels_when_the_import_account_goes(small):
    from django.contrib.auth import get_user_model

    from comments.learning import labels_since_last_model, moderator_labels

    assert sorted(row.label for row in moderator_labels()) == ["ham", "ham", "spam"]
    get_user_model().objects.filter(username=IMPORT_USERNAME).delete()
    assert sorted(row.label for row in moderator_labels()) == ["ham", "ham", "spam"]
    assert labels_since_last_model() == 3


def test_comments_on_pages_are_reported_as_skipped_with_the_reason(
    news_index, tmp_path
):
    comment = (
        "<wp:comment><wp:comment_id>300</wp:comment_id>"
        "<wp:comment_author>Warga</wp:comment_author>"
        "<wp:comment_content>Jam layanan?</wp:comment_content>"
        "<wp:comment_approved>1</wp:comment_approved>"
        "<wp:comment_parent>0</wp:comment_parent></wp:comment>"
    )
    text = SMALL.read_text(encoding="utf-8").replace(
        "<wp:post_type>page</wp:post_type>",
        f"<wp:post_type>page</wp:post_type>{comment}",
        1,
    )
    report = import_export(_write(tmp_path, text))
    assert (
        report.skipped["komentar: halaman tidak menerima komentar (hanya berita)"] == 1
    )
    assert any("komentar 300" in message for _, message in report.problems)
    assert "Jam layanan?" not in Comment.objects.values_list("body", flat=True)
    assert "halaman tidak menerima komentar (hanya berita): 1" in "\n".join(
        report.lines()
    )


def test_the_migration_moves_old_source_notes_into_the_source_field(small):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "comments.migrations.0006_moderationevent_source"
    )
    events = ModerationEvent.objects.filter(source="wordpress")
    n = events.count()
    events.update(source="", note="sumber:wordpress")
    ModerationEvent.objects.filter(source="", note="").update(note="biasa")
    migration.notes_to_source(apps, None)
    assert ModerationEvent.objects.filter(source="wordpress", note="").count() == n
    assert not ModerationEvent.objects.filter(note__startswith="sumber:").exists()
    assert not ModerationEvent.objects.filter(note="biasa").exclude(source="").exists()


def test_search_title_norms_are_refreshed_once_at_the_end(tmp_path, news_index):
    import sys

    from django.contrib.contenttypes.models import ContentType
    from wagtail.search.backends import get_search_backend
    from wagtail.search.models import IndexEntry

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
    import make_wxr

    export = tmp_path / "export.xml"
    with export.open("w", encoding="utf-8") as out:
        make_wxr.write(out, posts=6, comments=0)
    # Posts only: no page saved afterwards whose signal would refresh the norms.
    import_export(export, Options(batch_size=4))
    posts = ImportedObject.objects.filter(kind="post").values_list(
        "object_id", flat=True
    )

    def norms() -> dict[str, float]:
        return dict(
            IndexEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(ArticlePage),
                object_id__in=[str(pk) for pk in posts],
            ).values_list("object_id", "title_norm")
        )

    imported = norms()
    assert len(imported) == 6
    assert len(set(imported.values())) > 1  # titles of several lengths
    # What the backend's own full refresh computes over the whole index (which
    # nothing changed since the import's end).
    get_search_backend().get_index_for_model(ArticlePage)._refresh_title_norms(
        full=True
    )
    assert norms() == pytest.approx(imported)
