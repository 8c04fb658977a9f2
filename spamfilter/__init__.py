"""Warta's spam filter: ``score(comment) -> Verdict`` and its model registry.

This module is the filter's only public surface; nothing outside the package
imports its submodules. Importing it is cheap (it is imported before Django's
apps are ready, e.g. by ``wsgi.py``): the model (scikit-learn, numpy, skops)
loads on the first :func:`score` call, once per process, and is swapped when
another version is activated. So the functions below import the registry
and the training code when called, not at module import.

The filter only scores and explains; what happens to a comment is the
comments app's policy, and the labels it learns from are handed in as data
(:func:`retrain`). Any failure raises a :class:`SpamFilterError`
(:class:`ModelUnavailable` when there is no usable model).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import DatabaseError

from .corpora import CORPORA
from .exceptions import ModelUnavailable, SpamFilterError, UnknownVersion
from .normalise import shingles, skeleton
from .records import (
    HAM,
    MODERATOR_SOURCE,
    SPAM,
    CommentText,
    LabelledText,
    Reason,
    Verdict,
)
from .similarity import Signature as CampaignSignature

__all__ = [
    "CORPORA",
    "HAM",
    "MODERATOR_SOURCE",
    "SPAM",
    "CommentText",
    "CampaignSignature",
    "LabelledText",
    "ModelUnavailable",
    "Reason",
    "SpamFilterError",
    "UnknownVersion",
    "Verdict",
    "activate",
    "active_version",
    "campaign_signature",
    "campaign_similarities",
    "campaign_similarity",
    "list_versions",
    "newest_version",
    "ready",
    "retrain",
    "rollback",
    "score",
    "shingles",
    "skeleton",
    "training_report",
    "warm_up",
]

logger = logging.getLogger(__name__)


def score(comment: CommentText | str, **fields: str) -> Verdict:
    """Score one comment with the active model.

    ``comment`` is a :class:`CommentText`; a plain string is read as
    ``CommentText(comment, **fields)``. Raises :class:`ModelUnavailable` when
    no usable model is active, :class:`SpamFilterError` when scoring fails.
    """
    from .registry import load_active

    if isinstance(comment, str):
        comment = CommentText(comment, **fields)
    from .evidence import content_probability

    model = load_active()
    record = comment.as_dict()
    try:
        probability, reasons = model.scorer.score(record)
    except Exception as error:
        raise SpamFilterError(f"scoring failed: {error}") from error

    def content_score() -> float | None:
        try:
            return content_probability(model.scorer, record)
        except Exception:
            # Unknown, so not spam by the words alone: held, never binned.
            logger.exception("Second look at a comment's words failed.")
            return 0.0

    return Verdict(
        probability=probability,
        hold_threshold=model.hold_threshold,
        spam_threshold=model.spam_threshold,
        reasons=reasons,
        model_version=model.version,
        # Only a comment that is not published anyway can be binned: the
        # second look is for the others never taken, and for held ones only
        # when asked (a policy whose spam threshold is below the model's hold
        # threshold bins without it).
        content_score=(
            content_score
            if probability >= min(model.hold_threshold, model.spam_threshold)
            else None
        ),
    )


def ready() -> bool:
    """Whether :func:`score` would run now without reading a model file: the
    active model and the language model loaded, and the model still the
    active one (checked every ``WARTA_SPAMFILTER_ACTIVE_CHECK_SECONDS`` with
    one small query, here when it is due; false when that check fails or finds
    another version). Scoring is then computation alone, on a text clipped to
    a bounded length (the comments app scores in its own thread then:
    ``comments.screening``)."""
    from .language import loaded
    from .registry import active_loaded

    return loaded() and active_loaded()


def warm_up() -> str | None:
    """Load the active model now, e.g. when a web worker starts.

    Loading takes a few seconds; done lazily, it would fall on the first comment
    and exceed the comments app's screening timeout (the comment would be held).
    Returns the loaded version, or None when no model can be loaded (logged;
    comments are then held for moderation until one is activated). Never raises.
    """
    from .language import load
    from .registry import load_active

    try:
        load()
        return load_active().version
    except (SpamFilterError, DatabaseError) as error:
        logger.warning("spam filter not loaded: %s", error)
        return None


# Campaigns: near-copies of a text among the site's recent comments.


def campaign_signature(comment: str | CommentText, *, min_words: int | None = None):
    """The MinHash signature of ``comment`` (a :class:`CampaignSignature` with
    ``values`` and LSH ``bands``), or None for a text too short to compare.

    Spintax copies of one template share most of their words, so their
    signatures agree on most values and share band keys; the comments app
    stores the band keys and looks them up (``spamfilter.similarity``). Given
    the :class:`CommentText` just scored, the signature reuses the filter's
    normalised text (a link to a trusted domain then counts as its host's
    words only, as in the filter).
    """
    from . import similarity

    if min_words is None:
        min_words = similarity.MIN_WORDS
    if isinstance(comment, str):
        return similarity.signature(comment, min_words=min_words)
    from .features import trusted_domains

    return similarity.signature(
        comment.text, min_words=min_words, trusted_domains=trusted_domains(comment)
    )


def campaign_similarity(values: bytes, other: bytes) -> float:
    """The estimated Jaccard similarity of two signatures' ``values``."""
    from .similarity import similarity

    return similarity(values, other)


def campaign_similarities(values: bytes, others: list[bytes]) -> list[float]:
    """:func:`campaign_similarity` of ``values`` with each of ``others``."""
    from .similarity import similarities

    return similarities(values, others)


# The registry: what the admin and the commands do with model versions.


def list_versions():
    """Every registered ``ModelVersion``, newest first (a queryset)."""
    from .registry import list_versions

    return list_versions()


def active_version():
    """The active ``ModelVersion`` row, or None."""
    from .registry import active_version

    return active_version()


def newest_version():
    """The most recently trained ``ModelVersion`` row (active or not), or None."""
    from .registry import newest_version

    return newest_version()


def activate(version: str, *, actor=None):
    """Make ``version`` the active model; returns its row.

    Raises :class:`UnknownVersion` or :class:`ModelUnavailable` (the file does
    not load). ``actor`` is who asked (None: a command or a task).
    """
    from .registry import activate

    return activate(version, actor=actor)


def rollback(*, actor=None):
    """Activate the version active before the current one; returns its row.

    Raises :class:`SpamFilterError` when there is nothing to roll back to.
    """
    from .registry import rollback

    return rollback(actor=actor)


def retrain(
    labels: Iterable[LabelledText] = (),
    *,
    activate: str = "if_not_worse",
    actor=None,
    **options,
):
    """Train a new model on the bundled corpora and ``labels``; returns its row.

    ``labels`` are the site's own decisions (``source="moderator"``), weighted
    by ``WARTA_SPAMFILTER_MODERATOR_WEIGHT``. ``activate`` is
    ``"if_not_worse"`` (activated only if not worse than the active model on
    the held-out validation data), ``"always"`` or ``"never"``. ``options``:
    ``random_state``, ``limit`` (rows per corpus), ``corpora``, ``params``,
    ``notes``.
    """
    from .training import train_and_register

    return train_and_register(list(labels), activate=activate, actor=actor, **options)


def training_report(version) -> list[str]:
    """Lines describing what training ``version`` measured and saved."""
    from .reports import training_lines

    return training_lines(version)
