"""The site's comment policy: the one place that decides what happens to a comment.

Everything a comment's fate depends on is asked here, nowhere else:

- which site's :class:`CommentPolicy` applies: the article's site (multi-site
  installs have one policy per site), :func:`policy_for`;
- whether the article takes comments, :func:`comments_are_open`;
- whether the author is blocked, :func:`is_blocked` (one look-up by email and
  IP hash);
- the thresholds: the policy's overrides over the model's, :func:`thresholds`;
- which link domains are no evidence of spam (the site's own and
  ``WARTA_COMMENTS_TRUSTED_DOMAINS``), :func:`trusted_domains`, handed to the
  filter as data;
- the decision, publish / hold / spam, :func:`decide`:

  - mode "screen": published below the hold threshold, held between the
    thresholds, spam at or above the spam threshold;
  - mode "hold_all": held unless the filter says spam;
  - ``trusted_after_published`` = N > 0: someone with N published comments
    (same email) skips holding, never the spam band;
  - a comment without a User-Agent is never published automatically;
  - a comment the filter finds in another language than its article and
    sharing nothing with it (reason ``other_language``) is at least held;

- who is told about held comments, :func:`recipients`.

The spam filter only scores and explains (``spamfilter.score``);
:mod:`comments.screening` calls it and hands the verdict to :func:`decide`.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop
from wagtail.models import Site

import spamfilter

from .conf import setting
from .models import Block, Comment, CommentPolicy, Status


@dataclass(frozen=True)
class Thresholds:
    hold: float
    spam: float


@dataclass(frozen=True)
class Outcome:
    """What becomes of one comment: the status it gets and why.

    ``reasons`` are stored as they are in ``Comment.reasons``: the filter's
    reasons as ``{"code", "text", "terms"}`` and request or failure signals as
    their code (``"no_user_agent"``, ``"filter_error"``, ``"blocked"``).
    """

    status: str
    probability: float | None = None
    reasons: tuple = ()
    model_version: str = ""
    note: str = ""
    failed: bool = False


# Which policy


#: Each site's policy is read for every comment and changes only when an editor
#: saves the settings: it is kept in the shared cache (every app server sees the
#: same) and forgotten on save and delete (:func:`forget_policy`). The timeout
#: bounds how long a change made behind the model's back (a queryset update)
#: can go unseen.
POLICY_CACHE_KEY = "comments:policy:{}"
POLICY_CACHE_SECONDS = 600

#: And each process keeps what it read of the policies and of Wagtail's site
#: root paths this long before asking the shared cache again: on Redis each was
#: a round trip for every comment screened (about 0.5 ms of a screening's
#: median together, benchmarks/README.md). A saved policy or site reaches this
#: process at once (:func:`forget_policy`, :func:`forget_kept_reads`) and the
#: other processes within this bound. The admin reads policies from the
#: database, never from here.
PROCESS_SECONDS = 5.0


class _Kept:
    """What this process read, with when: Wagtail keeps the site root paths on
    the object it is given (``Page._get_site_root_paths``), so a new one is a
    fresh read."""

    def __init__(self) -> None:
        self.read_at = time.monotonic()
        self.policies: dict[int, CommentPolicy] = {}


_kept = _Kept()


def _kept_now() -> _Kept:
    """This process's reads, renewed once they are ``PROCESS_SECONDS`` old.
    Replaced whole, never emptied in place: another thread may be reading."""
    global _kept
    kept = _kept
    if time.monotonic() - kept.read_at > PROCESS_SECONDS:
        kept = _kept = _Kept()
    return kept


def forget_kept_reads(*args, **kwargs) -> None:
    """Forget what this process read (a site or a policy was saved here)."""
    global _kept
    _kept = _Kept()


def policy_for(article) -> CommentPolicy:
    """The policy of the site ``article`` is on (its defaults if never edited).

    Found by the site's id from the site root paths, then in what this process
    read lately, then in the shared cache: no query once read, where
    ``CommentPolicy.for_site(article.get_site())`` takes three.
    """
    root = site_root(article)
    if root is None:
        return CommentPolicy()
    site_id = root.site_id
    kept = _kept_now()
    found = kept.policies.get(site_id)
    if found is not None:
        return found
    key = POLICY_CACHE_KEY.format(site_id)
    found = cache.get(key)
    if found is None:
        found = CommentPolicy.objects.filter(site_id=site_id).first() or CommentPolicy(
            site_id=site_id
        )
        cache.set(key, found, POLICY_CACHE_SECONDS)
    kept.policies[site_id] = found
    return found


def forget_policy(sender, instance: CommentPolicy, **kwargs) -> None:
    """Drop a saved or deleted policy from the caches, now and once its
    transaction commits (a comment screened in between may have read and
    cached the old one)."""
    key = POLICY_CACHE_KEY.format(instance.site_id)

    def forget() -> None:
        cache.delete(key)
        forget_kept_reads()

    forget()
    transaction.on_commit(forget)


def site_root(article):
    """The site root ``article`` lies under (Wagtail's ``SiteRootPath``: site
    id, root path, root URL), or None if it is under no site.

    The one ``article.get_url_parts()`` picks without a request, taken from
    the same place (``Page._get_relevant_site_root_paths``), with the site
    root paths this process read lately (:func:`_kept_now`) instead of the
    shared cache each time, and without reversing the page's own URL, which
    screening has no use for (it cost as much as the campaign look-up's
    statement).
    """
    roots = article._get_relevant_site_root_paths(_kept_now())
    return roots[0] if roots else None


def site_domain(article) -> str:
    """The host name of the site ``article`` is on (``""`` if not routable)."""
    root = site_root(article)
    if root is None or not root.root_url:
        return ""
    host = urlsplit(root.root_url).hostname or ""
    return host.removeprefix("www.")


def trusted_domains(article=None) -> tuple[str, ...]:
    """Domains whose links count for a comment, not against it: the site's own
    (when ``article`` is given) and ``WARTA_COMMENTS_TRUSTED_DOMAINS``."""
    names = [site_domain(article)] if article is not None else []
    names.extend(
        str(name).strip().lower().lstrip(".") for name in setting("TRUSTED_DOMAINS")
    )
    return tuple(dict.fromkeys(name for name in names if name))


def default_policy() -> CommentPolicy | None:
    """The default site's policy (None before a site exists): what the admin's
    trust settings edit and the moderators' digest (one for every site) reads."""
    site = Site.objects.filter(is_default_site=True).first()
    return CommentPolicy.for_site(site) if site is not None else None


# Open, blocked


def comments_are_open(article, *, now: dt.datetime | None = None) -> bool:
    """Whether ``article`` takes comments: open, and not past its closing day.

    ``comments_close_after_days`` counts from the article's date (the one readers
    see), closing at midnight in the site's time zone.
    """
    if not article.comments_open:
        return False
    days = article.comments_close_after_days
    if days is None:
        return True
    closes = timezone.make_aware(
        dt.datetime.combine(article.date + dt.timedelta(days=days), dt.time.min)
    )
    return (now or timezone.now()) < closes


def blocks_for(comment: Comment):
    """The blocks that cover ``comment``'s author (its email, stored lower-cased
    by :func:`comments.services.submit_comment`, or its IP hash)."""
    query = Q(kind=Block.Kind.EMAIL, value=comment.email)
    if comment.ip_hash:
        query |= Q(kind=Block.Kind.IP_HASH, value=comment.ip_hash)
    return Block.objects.filter(query)


def is_blocked(comment: Comment) -> bool:
    return blocks_for(comment).exists()


# Thresholds and the decision


def thresholds(policy: CommentPolicy | None, *, hold: float, spam: float) -> Thresholds:
    """The policy's threshold overrides over the model's ``hold`` and ``spam``."""
    if policy is not None:
        hold = policy.hold_threshold if policy.hold_threshold is not None else hold
        spam = policy.spam_threshold if policy.spam_threshold is not None else spam
    return Thresholds(float(hold), float(spam))


def _model_thresholds() -> tuple[float, float]:
    """The active model's thresholds (``WARTA_COMMENTS_DEFAULT_THRESHOLDS``
    while no model is active)."""
    active = spamfilter.active_version()
    if active is None:
        return setting("DEFAULT_THRESHOLDS")
    return active.hold_threshold, active.spam_threshold


def queue_thresholds() -> Thresholds:
    """The default site's thresholds, shown above the moderation queue."""
    hold, spam = _model_thresholds()
    return thresholds(default_policy(), hold=hold, spam=spam)


def thresholds_by_site() -> tuple[Thresholds, list[tuple[str, Thresholds]]]:
    """The default site's thresholds and ``[(site root page path, thresholds)]``,
    deepest roots first: the queue measures each comment's uncertainty against
    its own article's site (an article lies under its site's root page). Three
    queries."""
    hold, spam = _model_thresholds()
    policies = {policy.site_id: policy for policy in CommentPolicy.objects.all()}
    default = Thresholds(float(hold), float(spam))
    by_site = []
    sites = Site.objects.values_list("pk", "root_page__path", "is_default_site")
    for site_id, path, is_default in sorted(sites, key=lambda row: -len(row[1])):
        limits = thresholds(policies.get(site_id), hold=hold, spam=spam)
        by_site.append((path, limits))
        if is_default:
            default = limits
    return default, by_site


#: The filter's reason code for a comment in another language than its article
#: that shares nothing with it; stored as this code, shown by its label.
OTHER_LANGUAGE = "other_language"
OTHER_LANGUAGE_LABEL = gettext_noop("bahasa lain dan tidak membahas berita")


def filter_status(
    probability: float,
    limits: Thresholds,
    reason_codes=(),
    content_probability: float | None | Callable[[], float | None] = None,
) -> tuple[str, str]:
    """``(status, note)`` from the filter alone: spam at or above the spam
    threshold, held at or above the hold threshold or for a comment in another
    language that does not discuss the article, else published.

    Binning a citizen is the worst error, so links and pasted technical text
    alone do not bin: a comment whose words without them
    (``content_probability``, see ``spamfilter.evidence``; or a function that
    computes it, called only here) stay below the spam threshold is held for a
    moderator instead."""
    if probability >= limits.spam:
        if callable(content_probability):
            content_probability = content_probability()
        if content_probability is not None and content_probability < limits.spam:
            return Status.PENDING, "filter: ditahan (hanya tautan/teks teknis)"
        return Status.SPAM, "filter: spam"
    if probability >= limits.hold:
        return Status.PENDING, "filter: ditahan (di antara ambang)"
    if OTHER_LANGUAGE in reason_codes:
        return Status.PENDING, "filter: ditahan (bahasa lain, tidak membahas berita)"
    return Status.PUBLISHED, "filter: terbit"


def decide(
    comment: Comment,
    verdict: spamfilter.Verdict,
    *,
    signals: tuple[str, ...] = (),
    policy: CommentPolicy | None = None,
) -> Outcome:
    """Apply the policy of ``comment``'s site to the filter's ``verdict``."""
    policy = policy or policy_for(comment.article)
    limits = thresholds(
        policy, hold=verdict.hold_threshold, spam=verdict.spam_threshold
    )
    probability = float(verdict.probability)
    codes = {reason.code for reason in verdict.reasons}
    status, note = filter_status(
        probability, limits, codes, lambda: verdict.content_probability
    )
    if status != Status.SPAM and is_trusted(comment, policy):
        status, note = Status.PUBLISHED, "filter: terbit (komentator tepercaya)"
    elif status == Status.PUBLISHED and policy.mode == CommentPolicy.Mode.HOLD_ALL:
        status, note = Status.PENDING, "kebijakan: tahan semua komentar"
    if status == Status.PUBLISHED and "no_user_agent" in signals:
        status, note = Status.PENDING, "tanpa User-Agent: ditahan untuk moderasi"
    reasons = tuple(
        OTHER_LANGUAGE if reason.code == OTHER_LANGUAGE else reason.as_json()
        for reason in verdict.reasons
    )
    return Outcome(
        status,
        probability=probability,
        reasons=(*reasons, *signals),
        model_version=str(verdict.model_version),
        note=f"{note} (p={probability:.3f})",
    )


BLOCKED = Outcome(Status.SPAM, reasons=("blocked",), note="diblokir")


def is_trusted(comment: Comment, policy: CommentPolicy) -> bool:
    needed = policy.trusted_after_published
    if not needed or not comment.email:
        return False
    published = Comment.objects.published().filter(email=comment.email)
    return published.exclude(pk=comment.pk).count() >= needed


# Who is told


def recipients(policy: CommentPolicy) -> list[str]:
    """Who gets the digest of held comments: the policy's addresses, or else the
    active Moderator group members'."""
    listed = [line.strip() for line in policy.notify_emails.splitlines()]
    if any(listed):
        return sorted({email for email in listed if email})
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(groups__name="Moderator")
            | Q(groups__permissions__codename="moderate_comment")
            | Q(user_permissions__codename="moderate_comment")
        )
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    return sorted(set(users))
