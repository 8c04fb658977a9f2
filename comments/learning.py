"""Moderators' decisions as training labels, guarded against poisoning; retraining.

A comment a moderator published is a ``ham`` label, one a moderator marked as spam a
``spam`` label; the filter's own decisions are never labels (it would learn from
itself), and rejected comments teach nothing about spam.

Two guards keep a spammer from teaching the filter that citizens' words are spam:

* spammers paste real citizens' comments, so a spam label whose text is a
  near-duplicate of a published comment is left out, unless the moderator confirmed
  it explicitly (``ModerationEvent.confirmed``);
* one decision batch (a bulk or group action, ``ModerationEvent.batch``)
  contributes at most ``WARTA_COMMENTS_LABEL_BATCH_CAP`` labels' worth of weight,
  spread over its rows, so "tolak 37 komentar serupa" weighs like a few labels.

The labels are handed to the filter as data (``spamfilter.retrain(labels)``; the filter
never imports this app), and a new model is activated only if it is not worse than
the active one on held-out validation data.
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django_tasks import task

import spamfilter

from .conf import setting
from .models import Comment, ModerationEvent, Status

logger = logging.getLogger(__name__)

LABEL_STATUSES = {Status.PUBLISHED: "ham", Status.SPAM: "spam"}
RETRAIN_LOCK = "warta:comments:retrain-enqueued"


# Near-duplicates

_WORD = re.compile(r"\w+", re.UNICODE)
_DIGITS = re.compile(r"\d+")


def shingles(text: str, size: int = 3) -> frozenset[str]:
    """Word ``size``-shingles of the lower-cased words, digit runs masked."""
    words = [_DIGITS.sub("0", w) for w in _WORD.findall((text or "").lower())]
    if len(words) < size:
        return frozenset([" ".join(words)]) if words else frozenset()
    return frozenset(
        " ".join(words[i : i + size]) for i in range(len(words) - size + 1)
    )


class PublishedIndex:
    """Published comments' shingles, to ask whether a text copies one of them.

    Two texts are near-duplicates when most shingles of either are in the other
    (``WARTA_COMMENTS_NEAR_DUPLICATE_CONTAINMENT``, default 0.7): a citizen's
    comment pasted whole with a link appended still counts.
    """

    def __init__(self, comments: Iterable[tuple[int, str, str]], threshold=None):
        self.threshold = (
            threshold
            if threshold is not None
            else setting("NEAR_DUPLICATE_CONTAINMENT")
        )
        self.sizes: dict[int, int] = {}
        self.fingerprints: dict[str, set[int]] = defaultdict(set)
        self.postings: dict[str, set[int]] = defaultdict(set)
        for pk, body, fingerprint in comments:
            grams = shingles(body)
            if not grams:
                continue
            self.sizes[pk] = len(grams)
            if fingerprint:
                self.fingerprints[fingerprint].add(pk)
            for gram in grams:
                self.postings[gram].add(pk)

    @classmethod
    def of_published(cls) -> PublishedIndex:
        rows = Comment.objects.published().values_list("pk", "body", "fingerprint")
        return cls(rows.iterator())

    def matches(self, text: str, *, fingerprint: str = "", exclude: int = 0) -> bool:
        return bool(self.matching(text, fingerprint=fingerprint, exclude=exclude))

    def matching(
        self, text: str, *, fingerprint: str = "", exclude: int = 0
    ) -> list[int]:
        """The indexed comments ``text`` is a near-duplicate of."""
        found = set(self.fingerprints.get(fingerprint, ())) if fingerprint else set()
        grams = shingles(text)
        shared: Counter[int] = Counter()
        for gram in grams:
            shared.update(self.postings.get(gram, ()))
        for pk, n in shared.items():
            if n / self.sizes[pk] >= self.threshold or n / len(grams) >= self.threshold:
                found.add(pk)
        found.discard(exclude)
        return sorted(found)


# Labels


def moderator_labels() -> list[spamfilter.LabelledText]:
    """Moderators' decisions as ``spamfilter.LabelledText`` rows, guarded.

    What :func:`retrain_now` hands to ``spamfilter.retrain``; the filter multiplies
    the weights by its moderator weight.
    """
    decisions = _latest_moderator_decisions()
    if not decisions:
        return []
    comments = Comment.objects.filter(pk__in=decisions).select_related("article")
    published = None
    batch_sizes = Counter(batch for batch, _confirmed in decisions.values())
    cap = float(setting("LABEL_BATCH_CAP"))
    rows = []
    skipped = 0
    article_texts: dict[int, str] = {}
    for comment in comments.iterator():
        label = LABEL_STATUSES.get(comment.status)
        batch, confirmed = decisions[comment.pk]
        if label is None:
            continue
        if label == "spam" and not confirmed:
            if published is None:
                published = PublishedIndex.of_published()
            if published.matches(
                comment.body, fingerprint=comment.fingerprint, exclude=comment.pk
            ):
                skipped += 1
                continue
        if comment.article_id not in article_texts:
            article_texts[comment.article_id] = comment.article.plain_text()
        weight = min(1.0, cap / batch_sizes[batch]) if batch else 1.0
        rows.append(
            spamfilter.LabelledText(
                text=comment.body,
                label=label,
                source=spamfilter.MODERATOR_SOURCE,
                weight=weight,
                group=comment.fingerprint,
                name=comment.name,
                email=comment.email,
                website=comment.website,
                article_text=article_texts[comment.article_id],
            )
        )
    if skipped:
        logger.info(
            "Left out %d spam labels that copy published comments (not confirmed)",
            skipped,
        )
    return rows


def _latest_moderator_decisions() -> dict[int, tuple[str, bool]]:
    """``{comment id: (batch, confirmed)}`` for comments whose latest change was
    a moderator's.

    A moderator's decision is one with an actor (made here) or a ``source`` (made
    by the moderators of a site we imported, see :mod:`comments.importing`: still
    theirs if the importing account is deleted). Only decisions into a labelled
    status count, and only if nothing (e.g. the filter re-holding a reported
    comment) changed the comment since.
    """
    latest: dict[int, tuple[bool, str, str, bool]] = {}
    events = ModerationEvent.objects.order_by("comment_id", "created_at", "pk")
    for comment_id, actor_id, source, to_status, batch, confirmed in events.values_list(
        "comment_id", "actor_id", "source", "to_status", "batch", "confirmed"
    ).iterator():
        human = actor_id is not None or bool(source)
        latest[comment_id] = (human, to_status, batch, confirmed)
    return {
        comment_id: (batch, confirmed)
        for comment_id, (human, to_status, batch, confirmed) in latest.items()
        if human and to_status in LABEL_STATUSES
    }


# Retraining


def labels_since_last_model() -> int:
    """Comments a moderator labelled since the newest model was trained."""
    newest = spamfilter.newest_version()
    events = ModerationEvent.objects.filter(
        Q(actor__isnull=False) | ~Q(source=""), to_status__in=list(LABEL_STATUSES)
    )
    if newest is not None:
        events = events.filter(created_at__gt=newest.created_at)
    return events.values("comment_id").distinct().count()


@task(backend="background")
def retrain_filter(activate: str = "if_not_worse") -> dict:
    """Train a new spam model on the corpora and the moderators' labels.

    ``activate="if_not_worse"`` activates it only if it is not worse than the active
    model on the held-out validation data. ``WARTA_SPAMFILTER_RETRAIN_OPTIONS``
    (default ``{}``) adds keyword arguments for ``spamfilter.retrain``, e.g.
    ``{"limit": 500}`` rows per corpus for a quick retraining in development.
    """
    options = dict(setting("RETRAIN_OPTIONS"))
    try:
        version = retrain_now(activate=activate, **options)
    finally:
        cache.delete(RETRAIN_LOCK)
    logger.info(
        "Spam model %s trained (%s)",
        version.version,
        "active" if version.is_active else "kept inactive",
    )
    return {"version": version.version, "is_active": version.is_active}


def retrain_now(*, activate: str = "if_not_worse", actor=None, **options):
    """Train a new model now on the corpora and :func:`moderator_labels`; returns
    its ``ModelVersion`` row (see ``spamfilter.retrain`` for the options)."""
    return spamfilter.retrain(
        moderator_labels(), activate=activate, actor=actor, **options
    )


def enqueue_retrain(activate: str = "if_not_worse"):
    """Enqueue :func:`retrain_filter`; returns the task result."""
    return retrain_filter.enqueue(activate=activate)


def retrain_threshold() -> int:
    """``WARTA_SPAMFILTER_RETRAIN_AFTER_LABELS`` (default 50; 0 = only on demand)."""
    return int(setting("RETRAIN_AFTER_LABELS"))


def maybe_retrain() -> bool:
    """Enqueue a retraining after commit when enough new labels have arrived.

    ``WARTA_SPAMFILTER_RETRAIN_AFTER_LABELS`` (default 50; 0 = never automatically).
    A cache lock keeps a burst of decisions from enqueueing the task many times.
    """
    threshold = retrain_threshold()
    if threshold <= 0 or labels_since_last_model() < threshold:
        return False
    if not cache.add(RETRAIN_LOCK, True, timeout=60 * 60):
        return False
    transaction.on_commit(enqueue_retrain)
    return True


def on_status_changed(sender, comment, from_status, to_status, **kwargs) -> None:
    """Receiver of ``comment_status_changed``: a moderator's label may retrain."""
    if comment.decided_by_id is not None and to_status in LABEL_STATUSES:
        try:
            maybe_retrain()
        except Exception:
            # Never let the learning step break a moderator's decision.
            logger.exception("Could not check whether to retrain the spam filter")
