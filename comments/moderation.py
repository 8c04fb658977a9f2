"""What the moderation queue reads: its queryset, track records, spam runs, triage.

The queue pages through thousands of held comments, so everything shown beside a
comment (the commenter's earlier published and spam comments, the size of its run of
near-identical comments) is computed for one page of rows with one aggregate query
each, never per row.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.functions import Abs, Least
from django.utils.safestring import SafeString, mark_safe

from .learning import PublishedIndex
from .models import Comment, Status
from .policy import Thresholds, thresholds_by_site

#: Statuses the queue works on; held first, then spam.
QUEUE_STATUSES = (Status.PENDING, Status.SPAM)


def queue_queryset(
    statuses: Sequence[str] = QUEUE_STATUSES, *, limits: Thresholds | None = None
):
    """Comments in ``statuses`` with their article, annotated for sorting.

    ``status_rank`` puts held comments before spam; ``uncertainty`` is the distance
    of the score to the nearest threshold of the comment's site (no score = most
    uncertain); ``limits`` measures every comment against the same thresholds.
    """
    if limits is not None:
        distance = _distance(limits)
    else:
        # Each comment against the thresholds of its own article's site.
        default, by_site = thresholds_by_site()
        distance = Case(
            *(
                When(article__path__startswith=path, then=_distance(site_limits))
                for path, site_limits in by_site
            ),
            default=_distance(default),
            output_field=FloatField(),
        )
    return (
        Comment.objects.filter(status__in=list(statuses))
        .select_related("article", "decided_by")
        .annotate(
            status_rank=Case(
                When(status=Status.PENDING, then=Value(0)),
                When(status=Status.SPAM, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            ),
            uncertainty=Case(
                When(spam_probability__isnull=True, then=Value(-1.0)),
                default=distance,
                output_field=FloatField(),
            ),
        )
    )


def _distance(limits: Thresholds):
    return Least(
        Abs(F("spam_probability") - Value(limits.hold)),
        Abs(F("spam_probability") - Value(limits.spam)),
        output_field=FloatField(),
    )


def held_count() -> int:
    return Comment.objects.held().count()


# Track records and spam runs, for one page of rows


def decorate(comments: Sequence[Comment]) -> list[Comment]:
    """Attach ``track_published``, ``track_spam``, ``run_size`` and
    ``highlighted_body`` (the text with the filter's reasons marked) to each comment.

    Two queries, whatever the number of rows: one for the commenters' records (by
    email), one for the sizes of the runs of near-identical comments (by
    fingerprint) among held and spam comments.
    """
    comments = list(comments)
    emails = {c.email.lower() for c in comments if c.email}
    records = track_records(emails)
    runs = run_sizes({c.fingerprint for c in comments if c.fingerprint})
    groups = group_sizes({c.campaign for c in comments if c.campaign})
    for comment in comments:
        published, spam = records.get(comment.email.lower(), (0, 0))
        # The row itself is not part of its author's earlier record.
        if comment.status == Status.PUBLISHED:
            published -= 1
        elif comment.status == Status.SPAM:
            spam -= 1
        comment.track_published = max(published, 0)
        comment.track_spam = max(spam, 0)
        comment.run_size = max(
            runs.get(comment.fingerprint, 1), groups.get(comment.campaign, 1)
        )
        comment.highlighted_body = highlight(comment.body, comment.reasons)
    return comments


def track_records(emails: Iterable[str]) -> dict[str, tuple[int, int]]:
    """``{email: (published, spam)}`` for the given (lower-cased) addresses."""
    emails = list(emails)
    if not emails:
        return {}
    rows = (
        # Addresses are stored lower-cased (comments.services.normalise).
        Comment.objects.filter(email__in=emails)
        .values("email")
        .annotate(
            published=Count("pk", filter=Q(status=Status.PUBLISHED)),
            spam=Count("pk", filter=Q(status=Status.SPAM)),
        )
    )
    records: dict[str, tuple[int, int]] = {}
    for row in rows:
        key = row["email"].lower()
        published, spam = records.get(key, (0, 0))
        records[key] = (published + row["published"], spam + row["spam"])
    return records


def run_sizes(fingerprints: Iterable[str]) -> dict[str, int]:
    """``{fingerprint: n}``: held and spam comments sharing each fingerprint."""
    fingerprints = [f for f in fingerprints if f]
    if not fingerprints:
        return {}
    rows = (
        Comment.objects.filter(fingerprint__in=fingerprints, status__in=QUEUE_STATUSES)
        .values("fingerprint")
        .annotate(n=Count("pk"))
    )
    return {row["fingerprint"]: row["n"] for row in rows}


def _undecided_group(campaigns: Iterable[str]) -> Q:
    """The members of ``campaigns`` a moderator decision covers: held, spam, and
    published by the filter (a campaign's first copy); not what a moderator
    already published."""
    return Q(campaign__in=list(campaigns)) & (
        Q(status__in=QUEUE_STATUSES)
        | Q(status=Status.PUBLISHED, decided_at__isnull=True)
    )


def group_sizes(campaigns: Iterable[str]) -> dict[str, int]:
    """``{campaign: n}``: the members of each campaign one decision covers."""
    campaigns = [c for c in campaigns if c]
    if not campaigns:
        return {}
    rows = (
        Comment.objects.filter(_undecided_group(campaigns))
        .values("campaign")
        .annotate(n=Count("pk"))
    )
    return {row["campaign"]: row["n"] for row in rows}


def run_of(comment: Comment):
    """The comments one decision on ``comment`` covers (itself included): its
    campaign group (:mod:`comments.campaigns`), and the held and spam comments
    with its fingerprint."""
    query = Q(pk=comment.pk)
    if comment.fingerprint:
        query |= Q(fingerprint=comment.fingerprint, status__in=QUEUE_STATUSES)
    if comment.campaign:
        query |= _undecided_group([comment.campaign])
    return Comment.objects.filter(query).select_related("article")


def with_groups(comments: Iterable[Comment]) -> list[Comment]:
    """``comments`` and the other members of their campaign groups: a decision on
    a group's row in the queue is a decision on the group."""
    comments = list(comments)
    campaigns = {c.campaign for c in comments if c.campaign}
    if not campaigns:
        return comments
    others = (
        Comment.objects.filter(_undecided_group(campaigns))
        .exclude(pk__in=[c.pk for c in comments])
        .select_related("article")
    )
    return comments + list(others)


def one_row_per_group(queryset, statuses: Sequence[str]):
    """``queryset`` without the older members of a campaign group in ``statuses``:
    the queue shows a group once, on its newest comment."""
    newer = Comment.objects.filter(
        campaign=OuterRef("campaign"), status__in=list(statuses), pk__gt=OuterRef("pk")
    ).exclude(campaign="")
    return queryset.exclude(Exists(newer))


def published_lookalikes(comment: Comment, *, limit: int = 5) -> list[Comment]:
    """Published comments that ``comment`` copies (same fingerprint anywhere, or
    mostly the same words on the same article): a spam label on it needs the
    moderator's explicit confirmation before the filter learns from it."""
    candidates = Comment.objects.published().exclude(pk=comment.pk)
    same_article = candidates.filter(article_id=comment.article_id)
    if comment.fingerprint:
        same_article = same_article | candidates.filter(fingerprint=comment.fingerprint)
    candidates = list(same_article.select_related("article")[:1000])
    index = PublishedIndex([(c.pk, c.body, c.fingerprint) for c in candidates])
    matched = set(index.matching(comment.body, fingerprint=comment.fingerprint))
    return [c for c in candidates if c.pk in matched][:limit]


# Reasons highlighted in the text


def reason_terms(reasons: Iterable) -> list[str]:
    """The terms of the comment the filter's reasons name (``Comment.reasons``).

    A reason stored as ``{"code", "text", "terms"}`` names its terms; a plain
    string (a request signal, or a reason saved before reasons were structured)
    names none.
    """
    terms: list[str] = []
    seen: set[str] = set()
    for reason in reasons or ():
        if not isinstance(reason, dict):
            continue
        for term in reason.get("terms") or ():
            if len(term) >= 2 and term.lower() not in seen:
                seen.add(term.lower())
                terms.append(term)
    return terms


def highlight(text: str, reasons: Iterable) -> SafeString:
    """``text`` escaped, with the terms the filter's reasons name wrapped in <mark>."""
    terms = sorted(reason_terms(reasons), key=len, reverse=True)
    escaped = html.escape(text)
    if not terms:
        return mark_safe(escaped)
    pattern = re.compile(
        "|".join(re.escape(html.escape(term)) for term in terms), re.IGNORECASE
    )
    marked = pattern.sub(lambda m: f'<mark class="reason">{m.group(0)}</mark>', escaped)
    return mark_safe(marked)
