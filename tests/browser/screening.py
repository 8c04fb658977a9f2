"""A reader's comment is screened once the answer has been sent.

The redirect after "Kirim Komentar" can reach the server before the screening
of the comment (:func:`comments.services.screen_saved`) has finished, as for a
real reader: the notice says it is being checked, and the published comment
shows when the page is loaded again.
"""

from __future__ import annotations

SCREENING_NOTICE = (
    "Terima kasih, komentar Anda sudah kami terima dan sedang diperiksa. "
    "Bila lolos pemeriksaan, komentar Anda tampil di bawah berita ini."
)


def reload_until_shown(page, locator, *, reloads: int = 40) -> None:
    """Load the page again until ``locator`` finds something (the screened
    comment), as a reader would; bounded by ``reloads``."""
    for _ in range(reloads):
        if locator.count():
            return
        page.reload()
    assert locator.count(), f"{locator} never appeared after {reloads} reloads"
