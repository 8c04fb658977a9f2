"""Signals of the comments app; sent after the transaction commits."""

from django.dispatch import Signal

# Sent with sender=Comment, comment=..., from_status=..., to_status=...
comment_status_changed = Signal()

# Sent with sender=Comment, comment=... once a reader's comment is saved and
# screened (comment.status is the outcome: published, held or spam).
comment_submitted = Signal()
