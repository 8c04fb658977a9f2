"""Demo content: the three seed press releases as live articles.

The seed texts and ``manifest.json`` (title, place, date, credit, categories and
what of each text is page furniture rather than the release) ship in this folder,
so nothing outside the repository is read at run time. Loading is idempotent:
articles are found again by slug and updated in place.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.html import escape
from wagtail.models import Page, Site

DEMO_DIR = Path(__file__).resolve().parent
SEEDS_DIR = DEMO_DIR / "seeds"


@dataclass(frozen=True)
class SeedArticle:
    slug: str
    title: str
    dateline: str
    date: dt.date
    credit_line: str
    paragraphs: list[str]
    categories: list[str]
    tags: list[str]
    featured: bool
    trailer: str  # what follows the release in the seed (e.g. its comment section)


def manifest() -> dict:
    return json.loads((DEMO_DIR / "manifest.json").read_text(encoding="utf-8"))


def parse_seed(entry: dict) -> SeedArticle:
    text = (SEEDS_DIR / entry["seed"]).read_text(encoding="utf-8")
    lines = [line.strip() for line in text.splitlines()]
    if entry.get("title_in_seed"):
        lines = lines[1:]
    trailer_lines: list[str] = []
    if stop := entry.get("stop_at"):
        if stop in lines:
            cut = lines.index(stop)
            lines, trailer_lines = lines[:cut], lines[cut + 1 :]
    drop = set(entry.get("drop_lines", []))
    paragraphs = [line for line in lines if line and line not in drop]
    if prefix := entry.get("strip_prefix"):
        paragraphs[0] = paragraphs[0].removeprefix(prefix).strip()
    if suffix := entry.get("strip_suffix"):
        paragraphs[-1] = paragraphs[-1].removesuffix(suffix).strip()
    return SeedArticle(
        slug=entry["slug"],
        title=entry["title"],
        dateline=entry["dateline"],
        date=dt.date.fromisoformat(entry["date"]),
        credit_line=entry["credit_line"],
        paragraphs=[p for p in paragraphs if p],
        categories=entry["categories"],
        tags=entry["tags"],
        featured=entry.get("featured", False),
        trailer="\n".join(trailer_lines),
    )


def seed_articles() -> list[SeedArticle]:
    return [parse_seed(entry) for entry in manifest()["articles"]]


@transaction.atomic
def ensure_site_tree(site_name: str | None = None):
    """Home page "Beranda" at the site root with a "Berita" news index under it."""
    from news.models import HomePage, NewsIndexPage

    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    if home is None:
        home = HomePage(
            title="Beranda",
            slug="beranda",
            intro="Berita dan siaran pers resmi dari Bagian Humas Pemerintah Daerah.",
        )
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(hostname="localhost", port=80, is_default_site=True)
    old_root_id = site.root_page_id if site.pk else None
    site.root_page = home
    site.site_name = site_name or manifest()["site_name"]
    site.save()
    if old_root_id and old_root_id != home.pk:
        # Wagtail's placeholder "Welcome" page (a plain Page) is now unreachable.
        placeholder_type = ContentType.objects.get_for_model(Page)
        Page.objects.filter(
            pk=old_root_id, depth=2, content_type=placeholder_type
        ).delete()
    index = NewsIndexPage.objects.child_of(home).first()
    if index is None:
        index = NewsIndexPage(
            title="Berita", slug="berita", intro="Siaran pers terbaru, terbaru dahulu."
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    return home, index


@transaction.atomic
def load_articles() -> list:
    """Create or update the seed articles; returns the ArticlePage objects."""
    from news.models import ArticlePage, Category

    data = manifest()
    _, index = ensure_site_tree(data["site_name"])
    categories = {}
    for item in data["categories"]:
        categories[item["slug"]], _ = Category.objects.update_or_create(
            slug=item["slug"], defaults={"name": item["name"]}
        )

    pages = []
    for seed in seed_articles():
        page = ArticlePage.objects.filter(slug=seed.slug).first()
        is_new = page is None
        if is_new:
            page = ArticlePage(slug=seed.slug)
        page.title = seed.title
        page.dateline = seed.dateline
        page.date = seed.date
        # The release's first paragraph is its lead, shown after the dateline.
        page.lead = seed.paragraphs[0]
        page.credit_line = seed.credit_line
        page.featured = seed.featured
        page.body = [
            ("paragraph", f"<p>{escape(paragraph)}</p>")
            for paragraph in seed.paragraphs[1:]
        ]
        page.categories = [categories[slug] for slug in seed.categories]
        if is_new:
            index.add_child(instance=page)
        page.tags.set(seed.tags)
        revision = page.save_revision()
        revision.publish()
        # Humas publishes on the release date; keep that history true.
        published = dt.datetime.combine(seed.date, dt.time(10, 0), tzinfo=_wita())
        ArticlePage.objects.filter(pk=page.pk).update(first_published_at=published)
        pages.append(ArticlePage.objects.get(pk=page.pk))
    return pages


def _wita():
    from zoneinfo import ZoneInfo

    return ZoneInfo("Asia/Makassar")
