"""Demo comments: the four real spam comments of seed 000 and a few genuine ones.

Every comment goes through the same path as a reader's (saved, then screened by
the spam filter under the site's policy); only the request guards (rate limit,
fill time) are skipped, as there is no request. Loading is idempotent: a comment
already there (same article, time and text) is not added again.

The seed keeps the spam comments' dates and texts but not their authors, so the
demo gives them a neutral name and an address under ``example.invalid``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from news.demo import manifest, parse_seed

from .models import Comment, Status
from .services import accept_comment
from .text import fingerprint

MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "Januari",
            "Februari",
            "Maret",
            "April",
            "Mei",
            "Juni",
            "Juli",
            "Agustus",
            "September",
            "Oktober",
            "November",
            "Desember",
        ],
        start=1,
    )
}
ZONES = {
    "WIB": dt.timezone(dt.timedelta(hours=7)),
    "WITA": dt.timezone(dt.timedelta(hours=8)),
    "WIT": dt.timezone(dt.timedelta(hours=9)),
}
DATE_LINE = re.compile(
    r"^(\d{1,2}) (\w+) (\d{4}) - (\d{2}):(\d{2}):(\d{2}) (WIB|WITA|WIT)$"
)
TRAILER_END = "Tinggalkan Komentar"


@dataclass(frozen=True)
class DemoComment:
    article_slug: str
    name: str
    email: str
    body: str
    submitted_at: dt.datetime
    reply_to: int | None = None  # index into GENUINE


def parse_seed_comments(trailer: str) -> list[tuple[dt.datetime, str]]:
    """(time, text) of each comment in a seed's trailer, in order."""
    comments: list[tuple[dt.datetime, list[str]]] = []
    for line in trailer.splitlines():
        line = line.strip()
        if line == TRAILER_END:
            break
        if match := DATE_LINE.match(line):
            day, month, year, hour, minute, second, zone = match.groups()
            when = dt.datetime(
                int(year),
                MONTHS[month],
                int(day),
                int(hour),
                int(minute),
                int(second),
                tzinfo=ZONES[zone],
            )
            comments.append((when, []))
        elif comments:
            comments[-1][1].append(line)
    return [(when, "\n".join(lines).strip()) for when, lines in comments]


def _wita(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=ZONES["WITA"])


MOU = "walikota-palopo-tandatangani-mou-replikasi-inovasi-di-bandung"
JAMBORE = "wagub-buka-jambore-inovasi-pelayanan-publik-provinsi-sulsel"
FORUM = "forum-replikasi-inovasi-pelayanan-publik-2020-palopo"

GENUINE = [
    DemoComment(
        MOU,
        "Andi Rahmat",
        "andi.rahmat@example.invalid",
        "Mantap Pak Wali! Semoga inovasinya cepat diterapkan di Palopo, "
        "jangan cuma tanda tangan MoU saja.",
        _wita(2016, 10, 27, 8, 15),
    ),
    DemoComment(
        JAMBORE,
        "Sitti Nurhaliza",
        "sitti.nur@example.invalid",
        "Inovasinya bagus-bagus, tapi pelayanan di kantor kelurahan kami masih "
        "lambat. Urus KTP saja harus bolak-balik tiga kali. Tolong dibenahi dulu "
        "yang dasar.",
        _wita(2019, 4, 26, 10, 2),
    ),
    DemoComment(
        FORUM,
        "Muh. Irfan",
        "irfan.palopo@example.invalid",
        "Mau tanya, inovasi apa saja dari Palopo yang ikut forum ini? "
        "Apakah ada daftar lengkapnya yang bisa dibaca warga?",
        _wita(2020, 10, 14, 19, 40),
    ),
    DemoComment(
        FORUM,
        "Humas Kota Palopo",
        "humas@example.invalid",
        "Terima kasih pertanyaannya, Pak Irfan. Daftar inovasi yang direplikasi "
        "akan kami muat di laman Humas minggu ini.",
        _wita(2020, 10, 15, 9, 5),
        reply_to=2,
    ),
    DemoComment(
        FORUM,
        "Rina Marlina",
        "rina.m@example.invalid",
        "Bangga sama Palopo, semoga makin banyak inovasi pelayanan publik "
        "yang benar-benar dirasakan warga.",
        _wita(2020, 10, 16, 13, 27),
    ),
]


def spam_comments(articles) -> list[DemoComment]:
    entry = next(e for e in manifest()["articles"] if e["seed"].startswith("000_"))
    return [
        DemoComment(
            entry["slug"],
            "Pengunjung",
            f"pengunjung{n}@example.invalid",
            body,
            when,
        )
        for n, (when, body) in enumerate(
            parse_seed_comments(parse_seed(entry).trailer), start=1
        )
    ]


def load_comments(articles) -> list[str]:
    """Add the demo comments to ``articles`` once; returns lines to print.

    They are scored like a reader's comment, but without the request's time
    limit: the first scoring in a process loads the model, which on a small
    machine takes longer than a reader is kept waiting, and the demo's comments
    would be left unscored in the queue.
    """
    import spamfilter

    spamfilter.warm_up()
    by_slug = {article.slug: article for article in articles}
    outcomes: Counter = Counter()
    added: dict[int, Comment] = {}
    for kind, items in (("spam", spam_comments(articles)), ("genuine", GENUINE)):
        for index, item in enumerate(items):
            article = by_slug.get(item.article_slug)
            if article is None:
                continue
            comment = _existing(article, item)
            if comment is None:
                parent = added.get(item.reply_to) if item.reply_to is not None else None
                comment = Comment(
                    article=article,
                    parent=parent,
                    name=item.name,
                    email=item.email,
                    body=item.body,
                    submitted_at=item.submitted_at,
                )
                accept_comment(comment, screening_timeout=0)
                outcomes[comment.status] += 1
            if kind == "genuine":
                added[index] = comment
    return [
        "Komentar demo: {spam} spam, {published} terbit, {held} ditahan{same}".format(
            spam=outcomes[Status.SPAM],
            published=outcomes[Status.PUBLISHED],
            held=outcomes[Status.PENDING],
            same="" if outcomes else " (sudah ada semua)",
        )
    ]


def _existing(article, item: DemoComment) -> Comment | None:
    return Comment.objects.filter(
        article=article,
        submitted_at=item.submitted_at,
        fingerprint=fingerprint(item.body),
    ).first()
