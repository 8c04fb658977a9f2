"""Write a large WordPress export (WXR 1.2) from the demo releases and the corpora.

    python scripts/make_wxr.py OUT.xml --posts 100000 --comments 500000 [--seed 1]

Posts are the seed press releases with numbered titles and dates spread over ten
years, in categories (with a parent) and tags; comments come from the bundled
corpora: Indonesian citizens' posts and news comments as approved (a few held),
spam from the judol, SMS and blog-spam sets as spam (a few trashed), a third of the
approved ones replying to another. Written as a stream: memory stays small.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import sys
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATA = ROOT / "spamfilter" / "data"
HAM = ["citizen_posts_id.csv", "news_comments_en.csv"]
SPAM = [
    "indonesian_youtube_judol_id.csv",
    "indonesian_sms_spam_id.csv",
    "blog_spam_en.csv",
]
CATEGORIES = [
    ("pemerintahan", "Pemerintahan", ""),
    ("pelayanan-publik", "Pelayanan Publik", ""),
    ("kecamatan", "Kecamatan", "pemerintahan"),
    ("kesehatan", "Kesehatan", "pelayanan-publik"),
]
TAGS = ["inovasi", "banjir", "anggaran", "sekolah", "jalan", "pasar", "vaksin", "cpns"]


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _texts(files: list[str], label: str) -> list[str]:
    texts = []
    for name in files:
        with (DATA / name).open(encoding="utf-8") as handle:
            texts.extend(
                r["text"] for r in csv.DictReader(handle) if r["label"] == label
            )
    return [t for t in texts if t.strip()]


def _seeds() -> list[tuple[str, list[str]]]:
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "warta_site.settings.dev")
    django.setup()
    from news.demo import seed_articles

    return [(seed.title, seed.paragraphs) for seed in seed_articles()]


def write(
    out,
    *,
    posts: int,
    comments: int,
    seed: int = 1,
    ham: list[str] | None = None,
    spam: list[str] | None = None,
) -> None:
    """Write the export to ``out``; ``ham`` and ``spam`` replace the corpora's
    texts (benchmarks/wordpress_recall.py keeps some of them out of the site)."""
    rng = random.Random(seed)
    ham = ham if ham is not None else _texts(HAM, "ham")
    spam = spam if spam is not None else _texts(SPAM, "spam")
    seeds = _seeds()
    w = out.write
    w('<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" ')
    w('xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" ')
    w('xmlns:content="http://purl.org/rss/1.0/modules/content/" ')
    w('xmlns:dc="http://purl.org/dc/elements/1.1/" ')
    w('xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n')
    w("<title>Humas Kota Benchmark</title>\n<link>https://bench.go.id</link>\n")
    w("<wp:wxr_version>1.2</wp:wxr_version>\n")
    w("<wp:base_site_url>https://bench.go.id</wp:base_site_url>\n")
    w("<wp:base_blog_url>https://bench.go.id</wp:base_blog_url>\n")
    w("<wp:author><wp:author_login>humas</wp:author_login>")
    w("<wp:author_email>humas@bench.go.id</wp:author_email></wp:author>\n")
    for slug, name, parent in CATEGORIES:
        w(f"<wp:category><wp:category_nicename>{slug}</wp:category_nicename>")
        w(f"<wp:category_parent>{parent}</wp:category_parent>")
        w(f"<wp:cat_name>{_cdata(name)}</wp:cat_name></wp:category>\n")
    for tag in TAGS:
        w(f"<wp:tag><wp:tag_slug>{tag}</wp:tag_slug><wp:tag_name>{tag}</wp:tag_name>")
        w("</wp:tag>\n")
    start = dt.datetime(2015, 1, 1)
    comment_id = 1
    per_post, extra = divmod(comments, posts) if posts else (0, 0)
    for n in range(1, posts + 1):
        title, paragraphs = seeds[n % len(seeds)]
        when = start + dt.timedelta(minutes=n * 53)
        slug = f"rilis-{n}"
        w("<item>\n")
        w(f"<title>{escape(title)} ({n})</title>\n")
        w(f"<link>https://bench.go.id/{when:%Y/%m/%d}/{slug}/</link>\n")
        w(f"<guid>https://bench.go.id/?p={n}</guid>\n<dc:creator>humas</dc:creator>\n")
        body = "\n\n".join(paragraphs[1:])
        w(f"<content:encoded>{_cdata(body)}</content:encoded>\n")
        w(f"<excerpt:encoded>{_cdata(paragraphs[0])}</excerpt:encoded>\n")
        w(f"<wp:post_id>{n}</wp:post_id>\n")
        local = when + dt.timedelta(hours=8)
        w(f"<wp:post_date>{local:%Y-%m-%d %H:%M:%S}</wp:post_date>\n")
        w(f"<wp:post_date_gmt>{when:%Y-%m-%d %H:%M:%S}</wp:post_date_gmt>\n")
        w(f"<wp:post_name>{slug}</wp:post_name>\n<wp:status>publish</wp:status>\n")
        w("<wp:post_parent>0</wp:post_parent>\n<wp:post_type>post</wp:post_type>\n")
        category = CATEGORIES[n % len(CATEGORIES)][0]
        w(f'<category domain="category" nicename="{category}">{category}</category>\n')
        tag = TAGS[n % len(TAGS)]
        w(f'<category domain="post_tag" nicename="{tag}">{tag}</category>\n')
        approved: list[int] = []
        for _ in range(per_post + (1 if n <= extra else 0)):
            is_spam = rng.random() < 0.4
            text = rng.choice(spam if is_spam else ham)
            roll = rng.random()
            if is_spam:
                status = "trash" if roll < 0.1 else "spam"
            else:
                status = "0" if roll < 0.05 else "1"
            parent = (
                approved[rng.randrange(len(approved))]
                if (status == "1" and approved and rng.random() < 0.33)
                else 0
            )
            at = when + dt.timedelta(minutes=10 * comment_id % 5000)
            w("<wp:comment>")
            w(f"<wp:comment_id>{comment_id}</wp:comment_id>")
            name = _cdata(f"Pembaca {comment_id % 997}")
            w(f"<wp:comment_author>{name}</wp:comment_author>")
            w(f"<wp:comment_author_email>p{comment_id % 997}@example.com")
            w("</wp:comment_author_email>")
            ip = f"10.0.{comment_id % 250}.{n % 250}"
            w(f"<wp:comment_author_IP>{ip}</wp:comment_author_IP>")
            w(f"<wp:comment_date_gmt>{at:%Y-%m-%d %H:%M:%S}</wp:comment_date_gmt>")
            w(f"<wp:comment_content>{_cdata(text)}</wp:comment_content>")
            w(f"<wp:comment_approved>{status}</wp:comment_approved>")
            w("<wp:comment_type>comment</wp:comment_type>")
            w(f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>\n")
            if status == "1":
                approved.append(comment_id)
            comment_id += 1
        w("</item>\n")
    w("</channel>\n</rss>\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--comments", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with args.out.open("w", encoding="utf-8") as out:
        write(out, posts=args.posts, comments=args.comments, seed=args.seed)


if __name__ == "__main__":
    main()
