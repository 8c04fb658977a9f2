"""Campaigns: a comment that copies recent comments of other authors is held as a group.

Spam comes in campaigns: one spintax template expanded into many comments on
many articles within hours, each alone plausible enough for the model. At
submission a comment's MinHash signature (``spamfilter.campaign_signature``,
over the filter's normalised words) is looked up among the site's recent
comments by its LSH band keys, stored in the database (:class:`CampaignBand`)
so that every app server behind the load balancer sees the same index: one
``IN`` query on the band index and one by primary key per comment, whatever the
number of processes.

- A comment alike (estimated Jaccard >= ``CAMPAIGN_SIMILARITY``) to at least
  ``CAMPAIGN_MIN_OTHERS`` comments of other authors (name, e-mail and IP hash)
  within ``CAMPAIGN_WINDOW_HOURS`` is held, and it and its matches get one
  ``Comment.campaign`` key: the queue shows the group once and one moderator
  decision covers it (:func:`comments.moderation.run_of`).
- A comment alike to one a moderator marked spam is spam.
- A comment alike to one a moderator published is left to the model: the
  moderator said that text is genuine (a petition, a greeting many share).

The first copy, published by the model before any other copy existed, stays
published: the second copy cannot tell a campaign from a citizen quoted by
another, and taking a comment down without a person deciding would bin genuine
ones silently. It joins the group, so the moderator's spam decision on the
group takes it down too.

Signatures are kept for the window, longer while their comment waits in the
queue, and ``CAMPAIGN_LABEL_DAYS`` for a moderator's spam; :func:`prune` runs
every ``PRUNE_EVERY`` comments and keeps the tables bounded by the traffic of
one window.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import sys
from collections.abc import Callable
from functools import lru_cache

from django.db import connection
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

import spamfilter

from .conf import setting
from .models import CampaignBand, CampaignSignature, Comment, Status
from .policy import Outcome

#: Reason codes this module writes among a comment's reasons.
GROUPED = "campaign"
LABELLED = "campaign_spam"
#: Candidates compared on their whole signature, those sharing most bands first.
MAX_CANDIDATES = 50
#: Index entries read per band key, the newest first (see :func:`_find_sql`).
ROWS_PER_BAND = 100
PRUNE_EVERY = 100


@dataclasses.dataclass(frozen=True)
class Match:
    pk: int
    author: str
    status: str
    decided: bool
    campaign: str
    similarity: float


@dataclasses.dataclass(frozen=True)
class Look:
    """What :func:`look` found, kept on the comment for :func:`remember`."""

    signature: spamfilter.CampaignSignature
    author: str
    matches: tuple[Match, ...]


def author_key(comment: Comment) -> str:
    """A digest of who wrote ``comment``: name, e-mail and IP hash."""
    who = "\0".join(
        (" ".join(comment.name.casefold().split()), comment.email, comment.ip_hash)
    )
    return hashlib.sha256(who.encode()).hexdigest()[:16]


def window() -> dt.timedelta:
    return dt.timedelta(hours=float(setting("CAMPAIGN_WINDOW_HOURS")))


def _nothing() -> None:
    pass


def find(
    signature: spamfilter.CampaignSignature,
    *,
    now: dt.datetime,
    meanwhile: Callable[[], object] = _nothing,
) -> list[Match]:
    """Comments sharing band keys with ``signature`` that still count: recent
    ones, held ones, and a moderator's spam; with their estimated similarity.

    One statement (:func:`_find_sql`): for each band key the newest
    ``ROWS_PER_BAND`` comments holding it, read from the ``(band, signature)``
    index alone; of those, the ``MAX_CANDIDATES`` sharing the most keys, joined
    to their signatures and comments by primary key. ``meanwhile`` is called
    once the statement is sent, before its rows are read (see :func:`_fetch`).
    """
    labelled_since = now - dt.timedelta(days=float(setting("CAMPAIGN_LABEL_DAYS")))
    adapt = connection.ops.adapt_datetimefield_value
    vendor = connection.vendor
    bands = [list(signature.bands)] if vendor == "postgresql" else signature.bands
    rows = _fetch(
        _find_sql(vendor, len(signature.bands)),
        [
            *bands,
            adapt(now - window()),
            Status.PENDING,
            Status.SPAM,
            adapt(labelled_since),
        ],
        meanwhile,
    )
    similarities = spamfilter.campaign_similarities(
        signature.values, [bytes(row[2]) for row in rows]
    )
    return [
        Match(
            pk=pk,
            author=author,
            status=status,
            decided=bool(decided),
            campaign=campaign,
            similarity=similar,
        )
        for (pk, author, _values, status, decided, campaign), similar in zip(
            rows, similarities, strict=True
        )
    ]


#: psycopg's threshold for preparing a statement by itself: one no statement
#: reaches, so that only the look-up's explicit ``prepare=True`` prepares.
_PREPARE_ONLY_WHEN_ASKED = sys.maxsize


def _fetch(sql: str, params: list, meanwhile: Callable[[], object]) -> list[tuple]:
    """The rows of the look-up; ``meanwhile()`` runs between sending the
    statement and reading its rows.

    On PostgreSQL the statement is sent in pipeline mode, so ``meanwhile``
    (the filter's scoring, :func:`comments.services.filter_and_look_up`) runs
    while the server executes it, and this thread does not wait on the socket
    while the filter's thread holds the GIL: with a blocking read, the two
    threads handed the GIL to and fro and the screening's tail was longer than
    the same steps one after the other (``spamfilter_stream.py``). The
    statement is prepared once per connection and its rows read in binary:
    planning and parsing it were half of its round trip, and 50 signatures as
    hex text another part (psycopg's own cursor, as Django's binds parameters
    on the client and cannot prepare; its errors still become Django's).

    Django opens its connections with ``prepare_threshold=None``, which turns
    psycopg's prepared statements off, an explicit ``prepare=True`` included;
    Django's own cursors never prepare whatever the threshold, so raising it
    changes nothing but this statement."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        meanwhile()
        return rows
    import psycopg

    connection.ensure_connection()
    connection.validate_no_broken_transaction()
    raw = connection.connection
    if raw.prepare_threshold is None:
        raw.prepare_threshold = _PREPARE_ONLY_WHEN_ASKED
    with connection.wrap_database_errors:
        with raw.pipeline(), psycopg.Cursor(raw) as cursor:
            cursor.execute(sql, params, prepare=True, binary=True)
            meanwhile()
            return cursor.fetchall()


@lru_cache(maxsize=8)
def _find_sql(vendor: str, n_bands: int) -> str:
    """The look-up of :func:`find` for ``n_bands`` band keys on ``vendor``.

    Frequent words make some band keys common to thousands of comments (on
    100,000 indexed, a comment of common words shares keys with 6,000); counting
    them all made the look-up's time grow with the index. Reading only the
    newest ``ROWS_PER_BAND`` comments per key bounds it (at most 20 x 100 index
    entries) and loses nothing a campaign needs: its copies are recent, and a
    key shared by a hundred comments since the copy is no evidence anyway.
    PostgreSQL reads the keys as one array through a lateral join; SQLite,
    which has none, as a union of one capped index scan per key.

    Written as SQL rather than through the ORM: building the querysets cost
    about five times the statement's execution (``spamfilter_stream.py``).
    """
    q = connection.ops.quote_name
    band, signature, comment = (
        q(CampaignBand._meta.db_table),
        q(CampaignSignature._meta.db_table),
        q(Comment._meta.db_table),
    )
    newest = (
        f"SELECT {q('signature_id')} FROM {band} WHERE {q('band')} = {{key}}"
        f" ORDER BY {q('signature_id')} DESC LIMIT {ROWS_PER_BAND}"
    )
    if vendor == "postgresql":
        hits = (
            f"SELECT n.{q('signature_id')} FROM unnest(%s::bigint[]) AS k(key)"
            f" CROSS JOIN LATERAL ({newest.format(key='k.key')}) n"
        )
    else:
        hits = " UNION ALL ".join(
            f"SELECT * FROM ({newest.format(key='%s')})" for _ in range(n_bands)
        )
    return (
        f"SELECT s.{q('comment_id')}, s.{q('author')}, s.{q('values')},"
        f" c.{q('status')}, c.{q('decided_at')} IS NOT NULL, c.{q('campaign')}"
        f" FROM {signature} s JOIN {comment} c ON c.{q('id')} = s.{q('comment_id')}"
        f" WHERE s.{q('comment_id')} IN ("
        f"SELECT h.{q('signature_id')} FROM ({hits}) h"
        f" GROUP BY h.{q('signature_id')} ORDER BY COUNT(*) DESC"
        f" LIMIT {MAX_CANDIDATES})"
        f" AND (s.{q('created')} >= %s OR c.{q('status')} = %s"
        f" OR (c.{q('status')} = %s AND c.{q('decided_at')} IS NOT NULL"
        f" AND s.{q('created')} >= %s))"
    )


def look(
    comment: Comment,
    text: spamfilter.CommentText,
    *,
    meanwhile: Callable[[], object] = _nothing,
) -> Look | None:
    """The comments ``comment`` is alike to (``text``: the
    :class:`spamfilter.CommentText` the filter scores), kept on the comment for
    :func:`remember`; None when campaigns are off or the text is too short.
    ``meanwhile`` is called while the database works on the look-up (not at
    all when there is none)."""
    if not setting("CAMPAIGNS"):
        return None
    signature = spamfilter.campaign_signature(
        text, min_words=int(setting("CAMPAIGN_MIN_WORDS"))
    )
    if signature is None:
        return None
    now = comment.submitted_at or timezone.now()
    threshold = float(setting("CAMPAIGN_SIMILARITY"))
    alike = find(signature, now=now, meanwhile=meanwhile)
    matches = tuple(m for m in alike if m.similarity >= threshold)
    found = Look(signature, author_key(comment), matches)
    comment._campaign_look = found
    return found


def screen(comment: Comment, outcome: Outcome, look: Look | None) -> Outcome:
    """The ``outcome`` of screening ``comment``, changed by what its look-up
    (:func:`look`) found. Sets ``comment.campaign`` when it joins a group."""
    if look is None or not look.matches:
        return outcome
    matches, author = look.matches, look.author
    if any(m.status == Status.SPAM and m.decided for m in matches):
        _join(comment, matches)
        return _with_reason(
            outcome,
            Status.SPAM if outcome.status != Status.SPAM else outcome.status,
            {"code": LABELLED},
            "kampanye: mirip spam yang ditandai moderator",
        )
    if any(m.status == Status.PUBLISHED and m.decided for m in matches):
        return outcome
    others = len({m.author for m in matches if m.author != author})
    if others < int(setting("CAMPAIGN_MIN_OTHERS")):
        return outcome
    _join(comment, matches)
    hours = round(window().total_seconds() / 3600)
    status = Status.PENDING if outcome.status == Status.PUBLISHED else outcome.status
    return _with_reason(
        outcome,
        status,
        {"code": GROUPED, "count": others, "hours": hours},
        f"kampanye: mirip {others} komentar lain dalam {hours} jam",
    )


def _join(comment: Comment, matches: tuple[Match, ...]) -> None:
    """The group's key: the oldest key among the matches, or a new one named
    after the oldest match."""
    keys = sorted((m.pk, m.campaign) for m in matches if m.campaign)
    comment.campaign = keys[0][1] if keys else f"k{min(m.pk for m in matches)}"


def _with_reason(outcome: Outcome, status: str, reason: dict, note: str) -> Outcome:
    reason = {**reason, "terms": []}
    # Stored in Indonesian (the source language); shown translated (describe()).
    with translation.override("id"):
        reason["text"] = describe(reason)
    return dataclasses.replace(
        outcome,
        status=status,
        reasons=(*outcome.reasons, reason),
        note=f"{note}; {outcome.note}"[:255],
    )


def translated(reason: dict) -> bool:
    """Whether ``reason`` is this module's (shown through :func:`describe`)."""
    return reason.get("code") in (GROUPED, LABELLED)


def describe(reason: dict) -> str:
    """A campaign reason in the active language."""
    if reason.get("code") == LABELLED:
        return gettext("mirip komentar yang ditandai spam oleh moderator")
    count = int(reason.get("count", 0))
    return ngettext(
        "mirip %(count)d komentar lain dalam %(hours)d jam",
        "mirip %(count)d komentar lain dalam %(hours)d jam",
        count,
    ) % {"count": count, "hours": int(reason.get("hours", 0))}


def remember(comment: Comment) -> None:
    """Index the saved ``comment`` and put its matches in its group.

    Called inside the transaction that saves the comment, after
    :func:`screen`; does nothing for a comment :func:`screen` did not sign.
    """
    look: Look | None = getattr(comment, "_campaign_look", None)
    if look is None or comment.pk is None:
        return
    created = comment.submitted_at or timezone.now()
    CampaignSignature.objects.create(
        comment=comment,
        author=look.author,
        values=look.signature.values,
        created=created,
    )
    CampaignBand.objects.bulk_create(
        [
            CampaignBand(band=band, signature_id=comment.pk)
            for band in look.signature.bands
        ]
    )
    if comment.campaign:
        ungrouped = [m.pk for m in look.matches if m.campaign != comment.campaign]
        if ungrouped:
            Comment.objects.filter(pk__in=ungrouped, campaign="").update(
                campaign=comment.campaign
            )
    if comment.pk % PRUNE_EVERY == 0:
        prune(now=created)


def prune(*, now: dt.datetime | None = None) -> int:
    """Forget signatures that no longer count; returns how many went."""
    now = now or timezone.now()
    labelled_since = now - dt.timedelta(days=float(setting("CAMPAIGN_LABEL_DAYS")))
    keep = Q(comment__status=Status.PENDING) | Q(
        comment__status=Status.SPAM,
        comment__decided_at__isnull=False,
        created__gte=labelled_since,
    )
    old = list(
        CampaignSignature.objects.filter(created__lt=now - window())
        .exclude(keep)
        .values_list("pk", flat=True)
    )
    for start in range(0, len(old), 500):
        # Their band rows go with them (CASCADE).
        CampaignSignature.objects.filter(pk__in=old[start : start + 500]).delete()
    return len(old)
