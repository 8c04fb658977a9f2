"""Moderators' decisions as training labels for the spam filter.

Listed in ``WARTA_SPAMFILTER_LABEL_SOURCES``; the filter imports it by name, so
the dependency stays one way (comments -> spamfilter). The rules (which decisions
are labels, and the guards against poisoning) live in :mod:`comments.learning`.
"""

from __future__ import annotations

from .learning import moderator_labels

__all__ = ["moderator_labels"]
