"""Benchmark fixtures, run inside the stack's environment by ``stack.py``.

Adds (idempotently) an article with 200 published comments and a minimal Wagtail
page (a news index with no articles: a title and the site's frame), then prints
their URLs as one JSON line.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "warta_site.settings.production")

import django

django.setup()

from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from comments.models import Comment, ModerationEvent, Status  # noqa: E402
from comments.text import fingerprint  # noqa: E402
from news.models import ArticlePage, HomePage, NewsIndexPage  # noqa: E402

COMMENTS = 200
WORDS = (
    "Terima kasih atas informasinya, semoga pelayanan di kelurahan kami juga "
    "semakin cepat dan ramah. Mohon jadwal perekaman KTP diumumkan lebih awal."
)


def article_with_comments() -> ArticlePage:
    index = NewsIndexPage.objects.get(slug="berita")
    article = ArticlePage.objects.filter(slug="bench-200-komentar").first()
    if article is None:
        article = ArticlePage(
            title="Pemkot Gelar Musrenbang Kecamatan 2024",
            slug="bench-200-komentar",
            dateline="Palopo",
            date=dt.date(2024, 3, 4),
            lead="Musyawarah perencanaan pembangunan digelar di sembilan kecamatan.",
            body=[("paragraph", f"<p>{WORDS}</p>")] * 6,
        )
        index.add_child(instance=article)
        article.save_revision().publish()
    missing = COMMENTS - Comment.objects.filter(article=article).count()
    now = timezone.now()
    with transaction.atomic():
        for n in range(missing):
            body = f"Komentar ke-{n + 1}. {WORDS}"
            moment = now - dt.timedelta(minutes=COMMENTS - n)
            comment = Comment.objects.create(
                article=article,
                name=f"Warga {n + 1}",
                email=f"warga{n + 1}@example.id",
                body=body,
                status=Status.PUBLISHED,
                submitted_at=moment,
                published_at=moment,
                fingerprint=fingerprint(body),
                spam_probability=0.02,
            )
            ModerationEvent.objects.create(
                comment=comment, from_status="", to_status=Status.PUBLISHED
            )
    return article


def minimal_page() -> NewsIndexPage:
    home = HomePage.objects.get()
    page = NewsIndexPage.objects.filter(slug="minimal").first()
    if page is None:
        page = NewsIndexPage(title="Halaman minimal", slug="minimal")
        home.add_child(instance=page)
        page.save_revision().publish()
    return page


def main() -> None:
    article = article_with_comments()
    page = minimal_page()
    print(
        json.dumps(
            {
                "article_url": article.url,
                "article_id": article.pk,
                "minimal_url": page.url,
                "home_url": HomePage.objects.get().url,
            }
        )
    )


if __name__ == "__main__":
    main()
