"""How the moderation pages show scores and reason codes to people."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from .. import campaigns

#: Every code the comments app writes among a comment's reasons (screening
#: failures, request signals, blocks), and what the filter may name by code.
#: The filter's own reasons are phrases already and are shown as they are.
REASON_LABELS = {
    "filter_timeout": _("Filter spam terlalu lama menilai; ditahan untuk moderasi"),
    "filter_error": _("Filter spam gagal menilai; ditahan untuk moderasi"),
    "no_model": _("Belum ada model filter aktif; ditahan untuk moderasi"),
    "blocked": _("Pengirim diblokir"),
    "no_user_agent": _("Peramban tidak dikenali (tanpa User-Agent)"),
    "no_referer": _("Dikirim tanpa membuka halaman berita (tanpa Referer)"),
    "other_language": _("bahasa lain dan tidak membahas berita"),
}


def reason_label(reason) -> str:
    """A moderator's words for one reason: the label of a code, else the reason."""
    code = getattr(reason, "code", reason)
    if code in REASON_LABELS:
        return str(REASON_LABELS[code])
    return str(getattr(reason, "text", reason))


def reason_texts(comment) -> list[str]:
    """A comment's reasons as a moderator reads them: the filter's structured
    reasons (``{"code", "text", "terms"}``) by their text (a campaign's in the
    active language), plain strings (request signals, and reasons saved before
    they were structured) as they are."""
    return [
        (
            campaigns.describe(reason)
            if campaigns.translated(reason)
            else reason.get("text", "")
        )
        if isinstance(reason, dict)
        else str(reason)
        for reason in comment.reasons or ()
    ]


def percent(value, digits: int = 1) -> str:
    """``0.17896`` -> ``"17,9 %"`` (in the active language's number format)."""
    if value is None or value == "":
        return "—"
    rounded = round(float(value) * 100, digits)
    return f"{number_format(rounded, decimal_pos=digits)} %"
