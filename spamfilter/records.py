"""The records that cross the filter's boundary: what is scored, what comes back,
and what it learns from. Plain frozen dataclasses, cheap to import."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

SPAM = "spam"
HAM = "ham"
MODERATOR_SOURCE = "moderator"


@dataclass(frozen=True)
class CommentText:
    """One comment to score: its text and the fields a reader filled in.

    The article is the context: ``article_text`` is the plain text of the
    article the comment is posted under (its body; title and lead may be in it
    or given apart as ``article_title`` and ``article_lead``), and
    ``article_language`` its language code (``"id"``; detected from the text
    when empty). A comment sharing nothing with its article is suspicious, and
    one in another language too. ``site_domain`` is the host of the site and
    ``trusted_domains`` the domains (and their subdomains) whose links count
    as no evidence of spam: the comments policy's list.
    """

    text: str
    name: str = ""
    email: str = ""
    website: str = ""
    article_text: str = ""
    article_title: str = ""
    article_lead: str = ""
    article_language: str = ""
    site_domain: str = ""
    trusted_domains: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return {
            "text": self.text or "",
            "name": self.name or "",
            "email": self.email or "",
            "website": self.website or "",
            "article_text": self.article_text or "",
            "article_title": self.article_title or "",
            "article_lead": self.article_lead or "",
            "article_language": self.article_language or "",
            "site_domain": self.site_domain or "",
            "trusted_domains": tuple(self.trusted_domains or ()),
        }


@dataclass(frozen=True)
class Reason:
    """Why the score went up: a stable ``code`` (``"phrase"``, ``"word"``,
    ``"links"``, a signal name...), the moderator-readable ``text``
    (Indonesian) and the ``terms`` of the comment it names, for highlighting."""

    code: str
    text: str
    terms: tuple[str, ...] = ()

    def as_json(self) -> dict:
        return {"code": self.code, "text": self.text, "terms": list(self.terms)}

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Verdict:
    """The filter's opinion of one comment.

    ``probability`` is the calibrated probability of spam (0..1);
    ``hold_threshold`` and ``spam_threshold`` are the ones stored with the
    model (the comments app's policy may override them and decides);
    ``reasons`` say what pushed the score up, strongest first;
    ``model_version`` names the model that scored;
    ``content_probability`` is the probability of the comment without its
    links, website field and pasted technical text (``spamfilter.evidence``),
    or None when it has none of them or its probability is below the hold
    threshold: the policy bins a comment only if its words alone would be
    spam too. It is a second scoring, run by ``content_score`` when first
    read: the policy reads it only for a comment at or above its spam
    threshold (a held comment needs none).
    """

    probability: float
    hold_threshold: float
    spam_threshold: float
    reasons: tuple[Reason, ...]
    model_version: str
    content_score: Callable[[], float | None] | None = field(
        default=None, repr=False, compare=False
    )

    @cached_property
    def content_probability(self) -> float | None:
        return None if self.content_score is None else self.content_score()


@dataclass(frozen=True)
class LabelledText:
    """One labelled comment, from a corpus or from a moderator's decision.

    ``label`` is ``"spam"`` or ``"ham"``; ``source`` names where it came from
    (a corpus name, or ``"moderator"``); ``weight`` multiplies its sample
    weight in training; ``group`` keeps near-copies on one side of a split
    (rows with the same non-empty group always share a split).
    """

    text: str
    label: str
    source: str
    weight: float = 1.0
    group: str = ""
    name: str = ""
    email: str = ""
    website: str = ""
    article_text: str = ""

    def __post_init__(self):
        if self.label not in (SPAM, HAM):
            raise ValueError(f"label must be 'spam' or 'ham', not {self.label!r}")
