"""The comments app's settings: the one getter, the defaults, and their checks.

Read at call time so ``override_settings`` works. Every setting has its default
here and nowhere else: ``settings.WARTA_COMMENTS_<NAME>`` wins, then (for the
names in :data:`FROM_ENVIRONMENT`) an environment variable of the same name,
then the default. System checks ``comments.E001``..``E003`` report values of the
wrong kind when the project starts (``manage.py check``).
"""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.checks import Error

DEFAULTS: dict[str, Any] = {
    # The form: a reader needs at least this long, and the form expires after.
    "MIN_FILL_SECONDS": 3,
    "FORM_MAX_AGE_SECONDS": 2 * 60 * 60,
    "MAX_LENGTH": 3000,
    "MAX_LINKS": 2,
    # Guards: comments per IP hash per window (use a shared CACHE_URL with several
    # processes); the same text again within a window.
    "RATE_LIMIT": 5,
    "RATE_WINDOW_SECONDS": 10 * 60,
    "DUPLICATE_WINDOW_SECONDS": 24 * 60 * 60,
    "REPORT_RATE_LIMIT": 10,
    "REPORT_RATE_WINDOW_SECONDS": 60 * 60,
    # Screening: seconds the spam filter may take before the comment is held.
    "SCREENING_TIMEOUT": 2.0,
    # Links to these domains (and their subdomains), and to the site's own, are
    # no evidence of spam: government, universities, schools, villages, army.
    "TRUSTED_DOMAINS": ("go.id", "ac.id", "sch.id", "desa.id", "mil.id"),
    # The queue's thresholds while no spam model is active (hold, spam).
    "DEFAULT_THRESHOLDS": (0.5, 0.9),
    "PER_PAGE": 20,
    "SPAM_RETENTION_DAYS": 30,
    # Privacy: the salt of the IP hash ("" = derived from SECRET_KEY) and the one
    # request header a trusted reverse proxy sets to the client address
    # (e.g. "HTTP_X_REAL_IP"); "" = REMOTE_ADDR only (X-Forwarded-For never).
    "IP_SALT": "",
    "TRUSTED_PROXY_HEADER": "",
    # Learning: a batch of decisions weighs at most this many labels; a spam label
    # copying this share of a published comment's shingles needs confirmation.
    "LABEL_BATCH_CAP": 10,
    "NEAR_DUPLICATE_CONTAINMENT": 0.7,
    # Campaigns (comments.campaigns): a comment whose words match at least
    # CAMPAIGN_SIMILARITY (estimated Jaccard) of CAMPAIGN_MIN_OTHERS comments by
    # other authors within the window is held as one group; one matching a
    # comment a moderator marked spam (kept CAMPAIGN_LABEL_DAYS) is spam.
    # Texts of fewer than CAMPAIGN_MIN_WORDS distinct words are never grouped.
    "CAMPAIGNS": True,
    "CAMPAIGN_WINDOW_HOURS": 24,
    "CAMPAIGN_MIN_OTHERS": 1,
    "CAMPAIGN_SIMILARITY": 0.4,
    "CAMPAIGN_MIN_WORDS": 10,
    "CAMPAIGN_LABEL_DAYS": 90,
    # Retraining: after this many new moderator labels (0 = only on demand), with
    # these options for spamfilter.retrain (e.g. {"limit": 500} in development).
    "RETRAIN_AFTER_LABELS": 50,
    "RETRAIN_OPTIONS": {},
}

#: Settings an operator may also set as environment variables.
FROM_ENVIRONMENT = {
    "MIN_FILL_SECONDS",
    "RATE_LIMIT",
    "SPAM_RETENTION_DAYS",
    "IP_SALT",
    "TRUSTED_PROXY_HEADER",
    "CAMPAIGN_WINDOW_HOURS",
    "CAMPAIGN_MIN_OTHERS",
}

#: The retraining settings keep the names operators know (they tune the filter).
SETTING_NAMES = {
    "RETRAIN_AFTER_LABELS": "WARTA_SPAMFILTER_RETRAIN_AFTER_LABELS",
    "RETRAIN_OPTIONS": "WARTA_SPAMFILTER_RETRAIN_OPTIONS",
}


def setting_name(name: str) -> str:
    return SETTING_NAMES.get(name, f"WARTA_COMMENTS_{name}")


def setting(name: str) -> Any:
    """The value of the comments setting ``name`` (e.g. ``"RATE_LIMIT"``)."""
    default = DEFAULTS[name]
    full = setting_name(name)
    if hasattr(settings, full):
        return getattr(settings, full)
    if name in FROM_ENVIRONMENT and (raw := os.environ.get(full, "").strip()):
        return type(default)(raw)
    return default


def check_settings(app_configs=None, **kwargs) -> list[Error]:
    """``comments.E001``: a number setting that is not a number (or negative);
    ``E002``: thresholds that are not two probabilities, hold below spam;
    ``E003``: retraining options that are not a dict; ``E004``: trusted
    domains that are not a list of names."""
    errors = []
    for name, default in DEFAULTS.items():
        if not isinstance(default, int | float):
            continue
        try:
            value = float(setting(name))
        except (TypeError, ValueError):
            value = -1.0
        if value < 0:
            errors.append(
                Error(
                    f"{setting_name(name)} must be a number of 0 or more.",
                    hint=f"The default is {default!r}.",
                    id="comments.E001",
                )
            )
    try:
        hold, spam = (float(v) for v in setting("DEFAULT_THRESHOLDS"))
        thresholds_ok = 0 <= hold <= spam <= 1
    except (TypeError, ValueError):
        thresholds_ok = False
    if not thresholds_ok:
        errors.append(
            Error(
                "WARTA_COMMENTS_DEFAULT_THRESHOLDS must be (hold, spam) with "
                "0 <= hold <= spam <= 1.",
                id="comments.E002",
            )
        )
    if not isinstance(setting("RETRAIN_OPTIONS"), dict):
        errors.append(
            Error(
                "WARTA_SPAMFILTER_RETRAIN_OPTIONS must be a dict of keyword "
                "arguments for spamfilter.retrain.",
                id="comments.E003",
            )
        )
    domains = setting("TRUSTED_DOMAINS")
    if isinstance(domains, str) or not all(
        isinstance(name, str) and name.strip() for name in domains or ()
    ):
        errors.append(
            Error(
                "WARTA_COMMENTS_TRUSTED_DOMAINS must be a list of domain names.",
                hint='e.g. ("go.id", "ac.id")',
                id="comments.E004",
            )
        )
    return errors
