"""The audit rows of admin changes that are not a comment's status.

Blocks, the trust policy and the filter's models are recorded in Wagtail's audit
log (``ModelLogEntry``: who, when, what, with a ``data`` dict), which Wagtail's
"Riwayat situs" report and each object's history already show. A comment's own
changes are :class:`~comments.models.ModerationEvent` rows.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

BLOCK = "komentar.block"
UNBLOCK = "komentar.unblock"
TRUST = "komentar.trust"
EMPTY_SPAM = "komentar.empty_spam"
MODEL_ACTIVATE = "komentar.model_activate"
MODEL_ROLLBACK = "komentar.model_rollback"
MODEL_RETRAIN = "komentar.model_retrain"

#: ``action: (label, message)`` for Wagtail's log-action registry.
ACTIONS = {
    BLOCK: (_("Blokir pengirim"), _("Pengirim diblokir")),
    UNBLOCK: (_("Cabut blokir"), _("Blokir dicabut")),
    TRUST: (
        _("Kebijakan pengirim tepercaya"),
        _("Kebijakan pengirim tepercaya diubah"),
    ),
    EMPTY_SPAM: (_("Kosongkan folder spam"), _("Folder spam dikosongkan")),
    MODEL_ACTIVATE: (_("Aktifkan model filter"), _("Model filter spam diaktifkan")),
    MODEL_ROLLBACK: (
        _("Kembalikan model filter"),
        _("Filter spam dikembalikan ke model sebelumnya"),
    ),
    MODEL_RETRAIN: (_("Latih ulang filter"), _("Filter spam dilatih ulang")),
}


def register_actions(actions) -> None:
    """``register_log_actions`` hook: name our actions in Wagtail's log views."""
    for action, (label, message) in ACTIONS.items():
        actions.register_action(action, label, message)


def record(instance, action: str, *, moderator, **data):
    """Write one audit row for ``action`` on ``instance`` by ``moderator``."""
    return log(instance, action, user=moderator, data=data)
