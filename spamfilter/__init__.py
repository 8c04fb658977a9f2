"""Warta's spam filter: ``score(text, ...) -> Verdict``.

This module is the filter's only public surface. Importing it is cheap: the
model (scikit-learn, numpy, skops) is loaded on the first :func:`score` call,
once per process, and swapped when another version is activated (see
:mod:`spamfilter.registry`).

The filter only scores and explains; what happens to a comment is the
comments app's policy. Any failure raises a :class:`SpamFilterError`
(:class:`ModelUnavailable` when there is no usable model).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ModelUnavailable", "SpamFilterError", "Verdict", "score"]

HAM = "ham"
HOLD = "hold"
SPAM = "spam"


class SpamFilterError(Exception):
    """Root of the filter's exceptions."""


class ModelUnavailable(SpamFilterError):
    """No active model, or its file is missing, corrupt, tampered with or was
    saved by another scikit-learn version."""


@dataclass(frozen=True)
class Verdict:
    """The filter's opinion of one comment.

    ``probability`` is the calibrated probability of spam (0..1);
    ``decision`` is ``"ham"`` below ``hold_threshold``, ``"spam"`` at or above
    ``spam_threshold`` and ``"hold"`` between (the thresholds stored with the
    model); ``reasons`` are short moderator-readable phrases (Indonesian) for
    what pushed the score up, strongest first; ``model_version`` names the
    model that scored.
    """

    probability: float
    decision: str
    hold_threshold: float
    spam_threshold: float
    reasons: tuple[str, ...]
    model_version: str

    @property
    def is_spam(self) -> bool:
        return self.decision == SPAM


def decide(probability: float, hold_threshold: float, spam_threshold: float) -> str:
    """``"spam"``, ``"hold"`` or ``"ham"`` for a probability and two thresholds."""
    if probability >= spam_threshold:
        return SPAM
    if probability >= hold_threshold:
        return HOLD
    return HAM


def score(
    text: str,
    *,
    name: str = "",
    email: str = "",
    website: str = "",
    article_text: str = "",
) -> Verdict:
    """Score one comment with the active model.

    ``article_text`` is the plain text of the article the comment is posted
    under (a comment sharing nothing with it is suspicious). Raises
    :class:`ModelUnavailable` when no usable model is active.
    """
    from .registry import load_active

    model = load_active()
    try:
        probability, reasons = model.scorer.score(
            {
                "text": text or "",
                "name": name or "",
                "email": email or "",
                "website": website or "",
                "article_text": article_text or "",
            }
        )
    except Exception as error:
        raise SpamFilterError(f"scoring failed: {error}") from error
    return Verdict(
        probability=probability,
        decision=decide(probability, model.hold_threshold, model.spam_threshold),
        hold_threshold=model.hold_threshold,
        spam_threshold=model.spam_threshold,
        reasons=reasons,
        model_version=model.version,
    )


def warm_up() -> str | None:
    """Load the active model now, e.g. when a web worker starts.

    Loading takes a few seconds; done lazily, it would fall on the first comment
    and exceed the comments app's screening timeout (the comment would be held).
    Returns the loaded version, or None when no model can be loaded (logged;
    comments are then held for moderation until one is activated). Never raises.
    """
    import logging

    from django.db import DatabaseError

    from .registry import load_active

    try:
        return load_active().version
    except (SpamFilterError, DatabaseError) as error:
        logging.getLogger(__name__).warning("spam filter not loaded: %s", error)
        return None
