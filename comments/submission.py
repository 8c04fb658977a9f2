"""What became of a reader's comment: the answer of the submission path.

Its own module so that :mod:`comments.services` and :mod:`comments.stamps` (which
answers a repeated form) both speak it without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import Comment, Status

#: ``Submission.code`` of a form sent again (:mod:`comments.stamps`).
REPEAT = "repeat"


@dataclass(frozen=True)
class Submission:
    """What became of a reader's comment; the view turns it into a message.

    ``comment`` is None when a guard refused it; ``error`` then says why, in
    words for the reader, and ``code`` names the guard.
    """

    comment: Comment | None
    error: str = ""
    code: str = ""

    @property
    def accepted(self) -> bool:
        return self.comment is not None

    @property
    def repeated(self) -> bool:
        """The same form sent again: nothing new was created."""
        return self.code == REPEAT

    @property
    def published(self) -> bool:
        return self.comment is not None and self.comment.status == Status.PUBLISHED


class CommentRefused(Exception):
    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code
