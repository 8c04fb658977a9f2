"""The filter's exceptions: one root, so callers can catch every failure at once."""

from __future__ import annotations

__all__ = ["ModelUnavailable", "SpamFilterError", "UnknownVersion"]


class SpamFilterError(Exception):
    """Root of the filter's exceptions."""


class ModelUnavailable(SpamFilterError):
    """No active model, or its file is missing, corrupt, tampered with or was
    saved by another scikit-learn version."""


class UnknownVersion(SpamFilterError, LookupError):
    """No registered model version has that name."""
