"""Signals of the comments app; sent after the transaction commits."""

from django.dispatch import Signal

# Sent with sender=Comment, comment=..., from_status=..., to_status=...
comment_status_changed = Signal()
