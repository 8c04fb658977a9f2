"""One WordPress export into Warta: :func:`import_export` and nothing else public.

Two passes over the stream: the first creates authors, terms and media (so that a
post's images and galleries resolve whatever the order of the file), the second
posts, pages, their comments and the old links' redirects. Every object created is
recorded in :class:`~wordpress.models.ImportedObject` in the same transaction as the
row itself, keyed on the WordPress id, and batches commit as they go: a second run
creates nothing, an interrupted one resumes where it stopped.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator, slugify
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site

from . import content, wxr
from .models import ImportedObject
from .report import KINDS, Report

POST_STATUSES = {
    "publish": "live",
    "draft": "draft",
    "pending": "draft",
    "future": "scheduled",
    "private": "draft",
}
COMMENT_STATUSES = {
    "1": "published",
    "approve": "published",
    "0": "pending",
    "hold": "pending",
    "spam": "spam",
    "trash": "rejected",
    "post-trashed": "rejected",
}
# Types WordPress writes that have no place here: counted, not complained about.
IGNORED_TYPES = {
    "nav_menu_item",
    "revision",
    "custom_css",
    "customize_changeset",
    "oembed_cache",
    "user_request",
    "wp_block",
    "wp_template",
    "wp_template_part",
    "wp_global_styles",
    "wp_navigation",
    "wp_font_family",
    "wp_font_face",
}
IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg"}
_SIZE_SUFFIX = re.compile(r"-\d+x\d+(?=\.\w+$)")
_ZERO_DATE = "0000-00-00 00:00:00"
IMPORT_USERNAME = "wordpress-impor"
CACHED_KINDS = {"author", "category", "tag", "page"}
PAGE_COMMENTS_SKIPPED = "halaman tidak menerima komentar (hanya berita)"


def _chunks(values: list, size: int = 900) -> Iterator[list]:
    """``values`` in slices a statement can take: SQLite binds at most 999
    parameters."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


@dataclass
class Options:
    media_dir: Path | None = None
    under: str | None = None
    dry_run: bool = False
    pingbacks: bool = False
    dateline: str = ""
    batch_size: int = 100


class _Rollback(Exception):
    pass


def import_export(
    path: Path | str,
    options: Options | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Import the WXR file at ``path``; returns the :class:`Report`.

    ``progress(bytes_read, total_bytes)`` is called after every batch.
    """
    options = options or Options()
    importer = _Importer(Path(path), options, progress)
    if not options.dry_run:
        importer.run()
        return importer.report
    try:
        with transaction.atomic():
            importer.run()
            raise _Rollback
    except _Rollback:
        pass
    return importer.report


class _Importer:
    def __init__(self, path: Path, options: Options, progress) -> None:
        self.path = path
        self.options = options
        self.progress = progress
        self.report = Report(dry_run=options.dry_run)
        self.channel = wxr.Channel()
        self.source = ""
        # Authors, terms and pages are looked up again and again; posts and
        # comments are not kept, so memory does not grow with the export.
        self.known: dict[tuple[str, str], int] = {}
        self.recorded: list[tuple[str, str]] = []
        self.attachments: dict[int, tuple[str, int, str, str]] = {}
        self.files: dict[str, tuple[int, str, str]] = {}
        self.children: dict[int, list[int]] = defaultdict(list)
        self.pending_parents: list[tuple[int, int]] = []
        self.attachment_links: dict[int, str] = {}
        # Attachments whose file is missing: a gallery links to the original.
        self.missing_attachments: dict[int, tuple[str, str]] = {}
        # (old path, page id, link) written once per batch.
        self.pending_redirects: list[tuple[str, int | None, str]] = []
        self.categories: dict[int, object] = {}
        self.tags: dict[str, object] = {}

    # Running

    def run(self) -> None:
        self._pass(self._first_batch, report_problems=True, first=True)
        self._setup()
        self._pass(self._second_batch, report_problems=False, first=False)
        self._finish()

    def _pass(self, handle, *, report_problems: bool, first: bool) -> None:
        size = self.path.stat().st_size
        # Two passes: progress runs from 0 to 2 x size once, not twice.
        offset, total = (0 if first else size), 2 * size
        with self.path.open("rb") as stream:
            records = wxr.read(stream, self.channel)
            batch: list = []
            for record in records:
                if isinstance(record, wxr.Channel):
                    self._channel(record)
                    continue
                if isinstance(record, wxr.Problem):
                    if report_problems:
                        self.report.problem(record.line, record.message)
                    continue
                batch.append(record)
                if len(batch) >= self.options.batch_size:
                    handle(batch)
                    batch = []
                    if self.progress:
                        self.progress(offset + stream.tell(), total)
            handle(batch)
            if self.progress:
                self.progress(offset + size, total)

    def _first_batch(self, batch: list) -> None:
        with transaction.atomic():
            self._each(batch, self._first)

    def _second_batch(self, batch: list) -> None:
        # Posts go in bulk (wordpress.bulk); pages, which keep their own tree, and
        # whatever is skipped go one by one.
        posts = [
            record
            for record in batch
            if isinstance(record, wxr.Item)
            and record.post_type == "post"
            and record.status in POST_STATUSES
        ]
        chosen = {id(record) for record in posts}
        with transaction.atomic():
            self._each([r for r in batch if id(r) not in chosen], self._second)
            self._posts(posts)
            self._flush_redirects()

    def _each(self, records: list, handle) -> None:
        """``handle`` each record in its own savepoint: one bad record, not all."""
        for record in records:
            self.recorded = []
            mark = len(self.pending_redirects)
            try:
                with transaction.atomic():
                    handle(record)
            except Exception as error:  # noqa: BLE001 - one bad record, not all
                for key in self.recorded:  # rolled back with the record
                    self.known.pop(key, None)
                del self.pending_redirects[mark:]
                self._failed(record, error)

    def _failed(self, record, error: Exception) -> None:
        self.report.problem(
            record.line,
            f"{type(record).__name__.lower()} tidak dapat diimpor: {error}",
        )

    def _channel(self, channel: wxr.Channel) -> None:
        self.source = (channel.base_blog_url or channel.link or "wordpress").rstrip(
            "/"
        )[:200]
        self.report.site_title = channel.title
        self.report.site_url = channel.base_blog_url or channel.link
        self.report.wxr_version = channel.wxr_version

    # Mapping

    def _mapped(self, kind: str, wp_id) -> int | None:
        key = (kind, str(wp_id))
        if key in self.known:
            return self.known[key]
        row = (
            ImportedObject.objects.filter(source=self.source, kind=kind, wp_id=key[1])
            .values_list("object_id", flat=True)
            .first()
        )
        if row is not None and kind in CACHED_KINDS:
            self.known[key] = row
        return row

    def _mapped_ids(self, kind: str, wp_ids: list) -> dict[str, int]:
        """``{wp id: object id}`` of those of ``wp_ids`` already imported."""
        found: dict[str, int] = {}
        keys = [str(i) for i in wp_ids]
        for chunk in _chunks(keys):
            found.update(
                ImportedObject.objects.filter(
                    source=self.source, kind=kind, wp_id__in=chunk
                ).values_list("wp_id", "object_id")
            )
        return found

    def _record(self, kind: str, wp_id, object_id: int) -> None:
        ImportedObject.objects.create(
            source=self.source, kind=kind, wp_id=str(wp_id), object_id=object_id
        )
        if kind in CACHED_KINDS:
            self.known[(kind, str(wp_id))] = object_id
            self.recorded.append((kind, str(wp_id)))

    # First pass: authors, terms, attachments

    def _first(self, record) -> None:
        if isinstance(record, wxr.Author):
            self._author(record)
        elif isinstance(record, wxr.Term):
            self._term(record)
        elif isinstance(record, wxr.Item) and record.post_type == "attachment":
            self._attachment(record)

    def _author(self, author: wxr.Author) -> int:
        if (pk := self._mapped("author", author.login)) is not None:
            self.report.existing["penulis"] += 1
            return pk
        user_model = get_user_model()
        username = author.login[:140]
        base, n = username, 1
        while user_model.objects.filter(username=username).exists():
            n += 1
            username = f"{base}-wp{n}"
        user = user_model(
            username=username,
            email=author.email,
            first_name=(author.first_name or author.display_name)[:150],
            last_name=author.last_name[:150],
            is_active=False,
        )
        user.set_unusable_password()
        user.save()
        humas = Group.objects.filter(name="Humas").first()
        if humas:
            user.groups.add(humas)
        self._record("author", author.login, user.pk)
        self.report.created[("penulis", "nonaktif")] += 1
        return user.pk

    def _term(self, term: wxr.Term) -> None:
        from taggit.models import Tag

        from news.models import Category

        if term.taxonomy == "category":
            if self._mapped("category", term.slug) is not None:
                self.report.existing["kategori"] += 1
                return
            slug = slugify(unquote(term.slug), allow_unicode=True)[:80] or "kategori"
            category = Category.objects.filter(slug=slug).first()
            if category is None:
                name = term.name[:80]
                if Category.objects.filter(name=name).exists():
                    name = f"{term.name[:60]} ({slug[:16]})"
                category = Category.objects.create(name=name, slug=slug)
                self.report.created[("kategori", "")] += 1
            if term.parent:
                parent_id = self._mapped("category", term.parent)
                if parent_id is None:
                    self.report.problem(
                        term.line, f"induk kategori '{term.parent}' belum ada"
                    )
                else:
                    Category.objects.filter(pk=category.pk).update(parent_id=parent_id)
            self._record("category", term.slug, category.pk)
        elif term.taxonomy == "post_tag":
            if self._mapped("tag", term.slug) is not None:
                self.report.existing["tag"] += 1
                return
            tag = Tag.objects.filter(name=term.name[:100]).first()
            if tag is None:
                tag = Tag.objects.create(name=term.name[:100])
                self.report.created[("tag", "")] += 1
            self._record("tag", term.slug, tag.pk)
        else:
            self.report.skipped[f"istilah taksonomi {term.taxonomy}"] += 1

    def _upload_path(self, item: wxr.Item) -> str:
        relative = item.meta.get("_wp_attached_file", "")
        if not relative and item.attachment_url:
            path = unquote(urlsplit(item.attachment_url).path)
            relative = path.split("/uploads/", 1)[-1] if "/uploads/" in path else ""
        return relative.lstrip("/")

    def _attachment(self, item: wxr.Item) -> None:
        relative = self._upload_path(item)
        alt = item.meta.get("_wp_attachment_image_alt", "")[:255]
        caption = strip_tags(item.excerpt).strip()[:255]
        is_image = PurePosixPath(relative or item.attachment_url).suffix.lower() in (
            IMAGE_EXTENSIONS
        )
        kind = "image" if is_image else "document"
        if item.parent:
            self.children[item.parent].append(item.post_id)
        if item.link:
            self.attachment_links[item.post_id] = item.link
        pk = self._mapped(kind, item.post_id)
        if pk is not None:
            self.report.existing[kind] += 1
        else:
            pk = self._media(item, relative, kind, alt or item.title)
            if pk is None:
                self.missing_attachments[item.post_id] = (
                    item.attachment_url,
                    alt or item.title,
                )
                return
        self.attachments[item.post_id] = (kind, pk, alt or item.title, caption)
        if relative:
            self.files[relative] = (pk, alt or item.title, caption)

    def _media(self, item: wxr.Item, relative: str, kind: str, alt: str) -> int | None:
        media_dir = self.options.media_dir
        file = (media_dir / relative) if media_dir and relative else None
        if file is not None and media_dir.resolve() not in file.resolve().parents:
            self.report.problem(
                item.line, f"jalur berkas di luar --media-dir: {relative}"
            )
            return None
        if file is None or not file.is_file():
            self.report.missing(relative or item.attachment_url or str(item.post_id))
            self.report.skipped[f"{KINDS[kind]}: berkas tidak ada"] += 1
            return None
        if self.options.dry_run:
            self.report.created[(kind, "")] += 1
            return 0
        title = (item.title or file.stem)[:255]
        with file.open("rb") as handle:
            if kind == "image":
                from django.core.files.images import ImageFile
                from wagtail.images import get_image_model

                obj = get_image_model()(
                    title=title, file=ImageFile(handle, name=file.name), description=alt
                )
            else:
                from django.core.files import File
                from wagtail.documents import get_document_model

                obj = get_document_model()(
                    title=title, file=File(handle, name=file.name)
                )
            obj.save()
        self._record(kind, item.post_id, obj.pk)
        self.report.created[(kind, "")] += 1
        return obj.pk

    # Between the passes: where pages go

    def _setup(self) -> None:
        from news.models import HomePage, NewsIndexPage

        self.home = HomePage.objects.first()
        if self.home is None:
            raise RuntimeError("Belum ada Beranda (HomePage): jalankan load_demo dulu.")
        under = self.options.under
        index = None
        if under:
            query = NewsIndexPage.objects.all()
            index = (
                query.filter(pk=int(under)).first()
                if under.isdigit()
                else query.filter(slug=under).first()
            )
            if index is None:
                raise RuntimeError(f"Indeks berita '{under}' tidak ditemukan.")
        self.index = index or NewsIndexPage.objects.child_of(self.home).first()
        if self.index is None:
            self.index = self.home.add_child(
                instance=NewsIndexPage(title="Berita", slug="berita")
            )
        self.site = (
            Site.objects.filter(root_page=self.home).first()
            or Site.objects.filter(is_default_site=True).first()
        )
        user_model = get_user_model()
        self.actor, created = user_model.objects.get_or_create(
            username=IMPORT_USERNAME, defaults={"is_active": False}
        )
        if created:
            self.actor.set_unusable_password()
            self.actor.save()

    # Second pass: posts, pages, comments, redirects

    def _second(self, record) -> None:
        if not isinstance(record, wxr.Item):
            return
        item = record
        if item.post_type in ("post", "page"):
            self._post(item)
        elif item.post_type == "attachment":
            return  # imported in the first pass, redirected with its post
        elif item.post_type in IGNORED_TYPES:
            self.report.skipped[f"jenis {item.post_type}"] += 1
        else:
            self.report.skipped[f"jenis tidak dikenal {item.post_type}"] += 1
            self.report.problem(
                item.line, f"jenis konten tidak dikenal '{item.post_type}' dilewati"
            )
            self._orphan_comments(item, "jenis konten tidak diimpor")

    def _orphan_comments(self, item: wxr.Item, why: str) -> None:
        for comment in item.comments:
            self.report.skipped[f"komentar: {why}"] += 1
            self.report.problem(
                comment.line,
                f"komentar {comment.wp_id}: tulisannya tidak ada ({why})",
            )

    def _post(self, item: wxr.Item) -> None:
        state = POST_STATUSES.get(item.status)
        kind = "berita" if item.post_type == "post" else "halaman"
        if state is None:
            self.report.skipped[f"{kind} berstatus {item.status or '(kosong)'}"] += 1
            self._orphan_comments(item, f"status {item.status}")
            return
        if self._mapped(item.post_type, item.post_id) is not None:
            self.report.existing[kind] += 1
        else:
            page = self._create_page(item, state)
            self.report.created[(kind, state)] += 1
            self._redirects(item, page.pk)
        if item.comments:
            # Only articles take comments here (Comment.article); a page's are
            # counted and listed, not lost silently.
            self._orphan_comments(item, PAGE_COMMENTS_SKIPPED)

    def _posts(self, items: list[wxr.Item]) -> None:
        """A batch of posts in bulk; if any of them fails, each alone."""
        if not items:
            return
        report, mark = copy.deepcopy(self.report), len(self.pending_redirects)
        try:
            with transaction.atomic():
                self._post_batch(items)
        except Exception as error:  # noqa: BLE001 - one bad post, not all
            self.report = report
            del self.pending_redirects[mark:]
            self.tags.clear()  # a tag created in the rolled-back batch is gone
            if len(items) == 1:
                self._failed(items[0], error)
            else:
                for item in items:
                    self._posts([item])

    def _post_batch(self, items: list[wxr.Item]) -> None:
        from .bulk import insert_articles

        done = self._mapped_ids("post", [item.post_id for item in items])
        article_ids = {
            item.post_id: done[str(item.post_id)]
            for item in items
            if str(item.post_id) in done
        }
        if article_ids:
            self.report.existing["berita"] += len(article_ids)
        new = [item for item in items if item.post_id not in article_ids]
        pages = self._articles(new)
        insert_articles(self.index, pages)
        ImportedObject.objects.bulk_create(
            ImportedObject(
                source=self.source,
                kind="post",
                wp_id=str(item.post_id),
                object_id=page.pk,
            )
            for item, page in zip(new, pages, strict=True)
        )
        for item, page in zip(new, pages, strict=True):
            article_ids[item.post_id] = page.pk
            self.report.created[("berita", POST_STATUSES[item.status])] += 1
            if item.status == "private":
                self.report.skipped["privat → draf (periksa sebelum terbit)"] += 1
            self._redirects(item, page.pk)
        self._comments(items, article_ids)

    def _dates(self, local: str, gmt: str) -> dt.datetime | None:
        try:
            if gmt and gmt != _ZERO_DATE:
                value = dt.datetime.strptime(gmt, "%Y-%m-%d %H:%M:%S")
                return value.replace(tzinfo=dt.UTC)
            if local and local != _ZERO_DATE:
                value = dt.datetime.strptime(local, "%Y-%m-%d %H:%M:%S")
                return timezone.make_aware(value)
        except ValueError:
            return None
        return None

    def _slug(self, item: wxr.Item, parent: Page, taken: set[str] = frozenset()) -> str:
        """A slug free among ``parent``'s children and the batch's ``taken``."""
        base = self._base_slug(item)
        slug, n = base, 1
        siblings = Page.objects.filter(
            path__startswith=parent.path, depth=parent.depth + 1
        )
        while slug in taken or siblings.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        return slug

    @staticmethod
    def _base_slug(item: wxr.Item) -> str:
        base = slugify(unquote(item.slug or item.title), allow_unicode=True)[:230]
        return base or f"{item.post_type}-{item.post_id}"

    def _taken_slugs(self, items: list[wxr.Item], parent: Page) -> set[str]:
        """Which of the batch's wanted slugs ``parent``'s children have: one query."""
        wanted = list({self._base_slug(item) for item in items})
        siblings = Page.objects.filter(
            path__startswith=parent.path, depth=parent.depth + 1
        )
        taken: set[str] = set()
        for chunk in _chunks(wanted):
            taken.update(siblings.filter(slug__in=chunk).values_list("slug", flat=True))
        return taken

    def _resolve_image(self, src: str, attachment_id: int):
        found = None
        if attachment_id and attachment_id in self.attachments:
            kind, pk, alt, caption = self.attachments[attachment_id]
            if kind == "image":
                found = (pk, alt, caption)
        if found is None and "/uploads/" in src:
            relative = unquote(urlsplit(src).path).split("/uploads/", 1)[1]
            found = self.files.get(relative) or self.files.get(
                _SIZE_SUFFIX.sub("", relative)
            )
        if found is None:
            return None
        return content.ResolvedImage(*found)

    def _gallery(self, post_id: int):
        def resolve(ids: list[int]) -> list[tuple[int, str, str]]:
            # Without ids a gallery shows the post's own attachments.
            wanted = ids or list(self.children.get(post_id, []))
            return [(i, *self.missing_attachments.get(i, ("", ""))) for i in wanted]

        return resolve

    def _converted(self, item: wxr.Item) -> tuple[list, str]:
        converted = content.convert(
            item.content,
            resolve_image=self._resolve_image,
            gallery=self._gallery(item.post_id),
        )
        for what in converted.unmapped:
            self.report.unmapped[what] += 1
        title = strip_tags(item.title).strip() or f"({item.post_type} {item.post_id})"
        return converted.blocks, title[:255]

    def _page_fields(
        self, item: wxr.Item, state: str, title: str, when: dt.datetime | None
    ) -> dict:
        owner_id = self._mapped("author", item.creator) if item.creator else None
        fields = {"title": title, "owner_id": owner_id, "live": state == "live"}
        if when and state == "live":
            fields["first_published_at"] = fields["last_published_at"] = when
        if state == "scheduled":
            fields["go_live_at"] = when
        return fields

    def _create_page(self, item: wxr.Item, state: str) -> Page:
        """A WordPress page: a SimplePage in its place in the tree (few, one by one)."""
        from news.models import SimplePage

        blocks, title = self._converted(item)
        parent_id = self._mapped("page", item.parent) if item.parent else None
        parent = Page.objects.get(pk=parent_id).specific if parent_id else self.home
        if item.parent and parent_id is None:
            self.pending_parents.append((item.post_id, item.parent))
        when = self._dates(item.date, item.date_gmt)
        page = SimplePage(**self._page_fields(item, state, title, when))
        page.body = blocks
        page.slug = self._slug(item, parent)
        parent.add_child(instance=page)
        # The live one gets its revision as an edit in the admin would.
        revision = page.save_revision(
            user=page.owner,
            clean=False,
            changed=not page.live,
            approved_go_live_at=page.go_live_at if state == "scheduled" else None,
        )
        if page.live:
            Page.objects.filter(pk=page.pk).update(live_revision=revision)
        self._record(item.post_type, item.post_id, page.pk)
        return page

    def _articles(self, items: list[wxr.Item]) -> list:
        """Unsaved ArticlePages for ``items``, categories and tags in memory."""
        from news.models import ArticlePage, ArticlePageTag

        pages, used = [], set()
        taken = self._taken_slugs(items, self.index)
        for item in items:
            state = POST_STATUSES[item.status]
            blocks, title = self._converted(item)
            when = self._dates(item.date, item.date_gmt)
            page = ArticlePage(**self._page_fields(item, state, title, when))
            page.body = blocks
            lead = strip_tags(item.excerpt).strip() or _first_text(blocks)
            page.lead = lead or title
            page.dateline = (self.options.dateline or self.channel.title or "-")[:60]
            if when:
                page.date = timezone.localtime(when).date()
            if thumb := item.meta.get("_thumbnail_id"):
                attachment = self.attachments.get(int(thumb) if thumb.isdigit() else 0)
                if attachment and attachment[0] == "image" and attachment[1]:
                    page.featured_image_id = attachment[1]
                    page.featured_image_alt = attachment[2][:250] or title[:250]
            if state == "scheduled":
                page._wp_go_live = when
            page.categories = self._categories(item)
            page.tagged_items = [ArticlePageTag(tag=tag) for tag in self._tags(item)]
            base = self._base_slug(item)
            if base in taken or base in used:
                page.slug = self._slug(item, self.index, used)
            else:
                page.slug = base
            used.add(page.slug)
            pages.append(page)
        return pages

    def _categories(self, item: wxr.Item) -> list:
        from news.models import Category

        ids = {
            pk
            for domain, nicename, _ in item.terms
            if domain == "category"
            and (pk := self._mapped("category", nicename)) is not None
        }
        missing = ids - self.categories.keys()
        if missing:
            self.categories.update(Category.objects.in_bulk(missing))
        return [self.categories[pk] for pk in sorted(ids) if pk in self.categories]

    def _tags(self, item: wxr.Item) -> list:
        """The post's tags by name, created when the export did not list them."""
        from taggit.models import Tag

        names = list(
            dict.fromkeys(n[:100] for d, _, n in item.terms if d == "post_tag" and n)
        )
        for name in names:
            if name not in self.tags:
                self.tags[name] = Tag.objects.filter(
                    name=name
                ).first() or Tag.objects.create(name=name)
        return [self.tags[name] for name in names]

    def _comments(self, items: list[wxr.Item], article_ids: dict[int, int]) -> None:
        """The comments of a batch of posts, one bulk insert per thread depth."""
        from comments.importing import add_imported_comments

        pairs = [
            (comment, article_ids[item.post_id])
            for item in items
            if item.post_id in article_ids
            for comment in item.comments
        ]
        done = self._mapped_ids("comment", [c.wp_id for c, _ in pairs])
        if done:
            self.report.existing["komentar"] += len(done)
        accepted = [
            (comment, (data, article_id))
            for comment, article_id in pairs
            if str(comment.wp_id) not in done
            and (data := self._comment_data(comment)) is not None
        ]
        tops: dict[int, int] = {}
        for generation in _generations(accepted):
            rows = []
            for comment, (data, article_id) in generation:
                parent_id = None
                if comment.parent:
                    parent_id = tops.get(comment.parent) or self._top_of(comment.parent)
                    if parent_id is None:
                        self.report.problem(
                            comment.line,
                            f"komentar {comment.wp_id}: induk {comment.parent} tidak "
                            "ada; dijadikan komentar utama",
                        )
                rows.append((data, parent_id, article_id))
            created = add_imported_comments(rows, actor=self.actor, source="wordpress")
            mapping = []
            for (comment, _), (row, labelled) in zip(generation, created, strict=True):
                tops[comment.wp_id] = row.parent_id or row.pk
                mapping.append(
                    ImportedObject(
                        source=self.source,
                        kind="comment",
                        wp_id=str(comment.wp_id),
                        object_id=row.pk,
                    )
                )
                self.report.created[("komentar", row.status)] += 1
                if labelled:
                    self.report.labels[
                        "ham" if row.status == "published" else "spam"
                    ] += 1
            ImportedObject.objects.bulk_create(mapping)

    def _comment_data(self, comment: wxr.Comment):
        from comments.importing import ImportedComment

        kind = comment.type or "comment"
        if kind in ("pingback", "trackback") and not self.options.pingbacks:
            self.report.skipped[f"{kind} (tanpa --pingbacks)"] += 1
            return None
        if kind not in ("comment", "pingback", "trackback"):
            self.report.skipped[f"komentar berjenis {kind}"] += 1
            self.report.problem(comment.line, f"jenis komentar tidak dikenal '{kind}'")
            return None
        status = COMMENT_STATUSES.get(comment.approved)
        if status is None:
            self.report.problem(
                comment.line,
                f"status komentar tidak dikenal '{comment.approved}': ditahan",
            )
            status = "pending"
        body = _comment_text(comment.content)
        if kind != "comment":
            body = f"[{kind}] {body}"
        return ImportedComment(
            name=comment.author or "Anonim",
            email=comment.email,
            website=comment.url if comment.url.startswith("http") else "",
            body=body,
            status=status,
            submitted_at=self._dates(comment.date, comment.date_gmt) or timezone.now(),
            ip=comment.ip,
        )

    def _top_of(self, wp_parent: int) -> int | None:
        from comments.models import Comment

        pk = self._mapped("comment", wp_parent)
        if pk is None:
            return None
        parent = Comment.objects.filter(pk=pk).values_list("pk", "parent_id").first()
        return (parent[1] or parent[0]) if parent else None

    # Old links

    def _redirect_to(
        self, old: str, *, page_id: int | None = None, link: str = ""
    ) -> None:
        parts = urlsplit(old)
        if not parts.path and not parts.query:
            return
        path = Redirect.normalise_path(
            parts.path + (f"?{parts.query}" if parts.query else "")
        )
        if path != "/":
            self.pending_redirects.append((path, page_id, link))

    def _flush_redirects(self) -> None:
        """The batch's redirects in bulk; an old path already redirected is kept."""
        wanted: dict[str, tuple[int | None, str]] = {}
        for path, page_id, link in self.pending_redirects:
            wanted.setdefault(path, (page_id, link))
        self.pending_redirects = []
        paths = list(wanted)
        for chunk in _chunks(paths):
            for path in Redirect.objects.filter(
                site=self.site, old_path__in=chunk
            ).values_list("old_path", flat=True):
                del wanted[path]
        Redirect.objects.bulk_create(
            Redirect(
                old_path=path,
                site=self.site,
                redirect_page_id=page_id,
                redirect_link=link,
                is_permanent=True,
            )
            for path, (page_id, link) in wanted.items()
        )
        self.report.redirects += len(wanted)

    def _redirects(self, item: wxr.Item, page_id: int) -> None:
        query = "p" if item.post_type == "post" else "page_id"
        self._redirect_to(f"/?{query}={item.post_id}", page_id=page_id)
        for url in (item.link, item.guid):
            if url and _same_site(url, self.source):
                self._redirect_to(url, page_id=page_id)
        for attachment_id in self.children.get(item.post_id, []):
            self._attachment_link(attachment_id, page_id)

    def _attachment_link(self, attachment_id: int, page_id: int) -> None:
        self._redirect_to(f"/?attachment_id={attachment_id}", page_id=page_id)
        link = self.attachment_links.get(attachment_id)
        if link and _same_site(link, self.source):
            self._redirect_to(link, page_id=page_id)

    def _finish(self) -> None:
        from news.models import ArticlePage, Category

        from .bulk import refresh_title_norms

        refresh_title_norms(ArticlePage)
        with transaction.atomic():
            for post_id, wp_parent in self.pending_parents:
                page_id, parent_id = (
                    self._mapped("page", post_id),
                    self._mapped("page", wp_parent),
                )
                if page_id and parent_id:
                    Page.objects.get(pk=page_id).move(
                        Page.objects.get(pk=parent_id), pos="last-child"
                    )
                else:
                    self.report.skipped[
                        "halaman: induk tidak ada, di bawah Beranda"
                    ] += 1
            index_url = self.index.relative_url(self.site) or self.index.url_path
            for row in ImportedObject.objects.filter(
                source=self.source, kind="category"
            ):
                category = Category.objects.filter(pk=row.object_id).first()
                if category:
                    self._redirect_to(
                        f"/category/{_category_path(category)}/",
                        link=f"{index_url}?kategori={category.slug}",
                    )
                    self._redirect_to(
                        f"/?cat={row.wp_id}",
                        link=f"{index_url}?kategori={category.slug}",
                    )
            for row in ImportedObject.objects.filter(source=self.source, kind="tag"):
                self._redirect_to(
                    f"/tag/{row.wp_id}/", link=f"{index_url}?tag={row.wp_id}"
                )
            self._flush_redirects()


def _generations(pairs: list) -> list[list]:
    """``(comment, data)`` pairs in rounds, each comment after its parent's round."""
    by_id = {comment.wp_id: comment for comment, _ in pairs}
    depth: dict[int, int] = {}

    def depth_of(comment) -> int:
        path, seen, current = [], set(), comment
        while current.wp_id not in depth:
            if current.parent not in by_id or current.wp_id in seen:  # top or cycle
                depth[current.wp_id] = 0
                break
            seen.add(current.wp_id)
            path.append(current)
            current = by_id[current.parent]
        level = depth[current.wp_id]
        for link in reversed(path):
            if link.wp_id not in depth:
                level += 1
                depth[link.wp_id] = level
            level = depth[link.wp_id]
        return depth[comment.wp_id]

    rounds: dict[int, list] = defaultdict(list)
    for comment, data in pairs:
        rounds[depth_of(comment)].append((comment, data))
    return [rounds[n] for n in sorted(rounds)]


def _category_path(category) -> str:
    parts, seen = [], set()
    while category is not None and category.pk not in seen:
        seen.add(category.pk)
        parts.append(category.slug)
        category = category.parent
    return "/".join(reversed(parts))


def _same_site(url: str, source: str) -> bool:
    host = urlsplit(url).netloc
    return not host or host == urlsplit(source).netloc


def _first_text(blocks: list[dict]) -> str:
    for block in blocks:
        if block["type"] == "paragraph":
            text = strip_tags(block["value"]).strip()
            if text:
                return Truncator(text).words(40)
    return ""


def _comment_text(markup: str) -> str:
    """A WordPress comment (a little HTML) as our plain-text body."""
    import html

    text = re.sub(r"<br\s*/?>|</p>", "\n", markup, flags=re.I)
    text = html.unescape(strip_tags(text))
    return re.sub(r"\n{3,}", "\n\n", text).strip() or "-"
