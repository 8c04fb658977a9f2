"""A signed comment form is taken once: its stamp is the submission's key.

Every comment form carries a stamp (the signature over its article, time and a
random nonce, :meth:`comments.forms.CommentForm.new_stamp`), stored with the
comment it brought in, under a unique constraint. A POST whose stamp was already
accepted creates nothing (the guards or the constraint stop it; only then is
the earlier comment looked up): with the same text it is the same submission again (a
double click, a reader told "coba lagi" after the first attempt had in fact been
committed) and answers with the first outcome; with other text the reader is
asked to reload the page for a fresh form. Two posts of one stamp racing each
other meet at the constraint: one row wins, the other post answers as a repeat.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import IntegrityError
from django.utils.translation import gettext as _

from .models import Comment
from .submission import REPEAT, CommentRefused, Submission

#: Refusals a repeated form meets before the constraint: the same text again, and
#: the rate limit (which counts the repeat too).
REPEAT_SIGNS = frozenset({"duplicate", "rate_limited"})


def take_once(comment: Comment, accept: Callable[[], Submission]) -> Submission:
    """Run ``accept`` unless ``comment``'s stamp was accepted before.

    The answer to a repeat is a :class:`~comments.submission.Submission` of the
    earlier comment with ``code == REPEAT``; a stamp reused for other text
    raises :class:`~comments.submission.CommentRefused`.
    """
    try:
        return accept()
    except (IntegrityError, CommentRefused) as error:
        # The constraint, the duplicate guard or the rate limit met a post of
        # the same form that got there first: the same submission, answered as
        # such. The stamp is looked up only then: a first post (nearly every
        # post) costs no query for it.
        if isinstance(error, CommentRefused) and error.code not in REPEAT_SIGNS:
            raise
        earlier = earlier_comment(comment)
        if earlier is None:
            raise  # not this form's doing
        return _repeat(earlier)


def earlier_comment(comment: Comment) -> Comment | None:
    """The comment already accepted with ``comment``'s stamp, if any.

    ``comment`` comes normalised from :func:`comments.services.submit_comment`,
    so its fingerprint is already computed."""
    if not comment.form_stamp:
        return None
    earlier = Comment.objects.filter(form_stamp=comment.form_stamp).first()
    if earlier is None:
        return None
    if earlier.fingerprint != comment.fingerprint:
        raise CommentRefused(
            _(
                "Formulir ini sudah dipakai untuk komentar lain. Muat ulang "
                "halaman untuk mengirim komentar baru; teks Anda masih ada di bawah."
            ),
            "stamp_used",
        )
    return earlier


def _repeat(earlier: Comment) -> Submission:
    return Submission(earlier, code=REPEAT)
