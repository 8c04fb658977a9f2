"""Admin avatars drawn from the user's initials.

Wagtail falls back to Gravatar, which sends a hash of every staff member's
e-mail address to a third party and is blocked by our Content-Security-Policy
on plain-HTTP hosts anyway. The initials are an inline SVG (a ``data:`` URL,
allowed by the policy), so the admin makes no outside request. A picture a
user uploaded to their Wagtail profile still wins.
"""

from __future__ import annotations

import zlib
from urllib.parse import quote

from django.utils.html import escape

#: Background colours with white text at >= 4.5:1 contrast.
PALETTE = ("#1d4ed8", "#047857", "#b45309", "#7c3aed", "#be123c", "#0f766e")


def initials(user) -> str:
    """Up to two letters: of the first and last name, else of the username."""
    words = f"{user.first_name} {user.last_name}".split() or [user.get_username()]
    letters = [word[0] for word in (words[0], words[-1]) if word][: len(words)]
    return "".join(letters).upper() or "?"


def initials_avatar_url(user, size: int = 50) -> str | None:
    """A ``data:`` URL of an SVG with the user's initials, or None when the user
    uploaded a picture (Wagtail shows it)."""
    if not getattr(user, "pk", None):
        return None
    profile = getattr(user, "wagtail_userprofile", None)
    if profile is not None and profile.avatar:
        return None
    text = escape(initials(user))
    colour = PALETTE[zlib.crc32(user.get_username().encode()) % len(PALETTE)]
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
        f'viewBox="0 0 100 100"><rect width="100" height="100" fill="{colour}"/>'
        f'<text x="50" y="50" dy=".35em" text-anchor="middle" fill="#fff" '
        f'font-family="sans-serif" font-size="42" font-weight="bold">{text}</text>'
        "</svg>"
    )
    return "data:image/svg+xml," + quote(svg)
