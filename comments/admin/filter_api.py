"""The spam filter's registry as the admin uses it, audited.

The only module of the admin that talks to the filter, through its public
verbs (``spamfilter.list_versions``, ``activate``, ``rollback``); each change
writes an audit row on the model version it leaves active (:mod:`comments.audit`).
"""

from __future__ import annotations

from django_tasks import TaskResultStatus

import spamfilter
from spamfilter import SpamFilterError, UnknownVersion

from .. import audit, learning

__all__ = [
    "SpamFilterError",
    "UnknownVersion",
    "activate",
    "list_versions",
    "retrain",
    "rollback",
]


def list_versions() -> list:
    """The model versions, newest first."""
    return list(spamfilter.list_versions())


def activate(version: str, *, moderator):
    """Make ``version`` the active model; :class:`UnknownVersion` if there is none such,
    :class:`SpamFilterError` if it cannot be loaded."""
    row = spamfilter.activate(version, actor=moderator)
    audit.record(row, audit.MODEL_ACTIVATE, moderator=moderator, version=row.version)
    return row


def rollback(*, moderator):
    """Go back to the model active before the current one."""
    before = spamfilter.active_version()
    row = spamfilter.rollback(actor=moderator)
    audit.record(
        row,
        audit.MODEL_ROLLBACK,
        moderator=moderator,
        version=row.version,
        previous=before.version if before is not None else "",
    )
    return row


def retrain(*, moderator):
    """Enqueue a retraining on the moderators' labels; returns the task result.

    With the immediate task backend (dev, tests) the model is trained by the
    time this returns and the audit row is written on it; a queued retraining is
    recorded on the model active now.
    """
    result = learning.enqueue_retrain()
    if result.status == TaskResultStatus.SUCCESSFUL:
        outcome = result.return_value
        row = spamfilter.list_versions().get(version=outcome["version"])
        audit.record(
            row,
            audit.MODEL_RETRAIN,
            moderator=moderator,
            version=row.version,
            activated=outcome["is_active"],
        )
    elif not result.is_finished and (active := spamfilter.active_version()):
        audit.record(active, audit.MODEL_RETRAIN, moderator=moderator, queued=True)
    return result
