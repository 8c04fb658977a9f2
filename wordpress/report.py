"""What an import did, counted, for the command's last words (and the admin)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

MAX_LISTED = 50

# The report keeps the importer's codes as keys (tests and callers count on them);
# a person reads them in Indonesian.
KINDS = {"image": "gambar", "document": "dokumen"}


def _kind(kind: str) -> str:
    return _(KINDS[kind]) if kind in KINDS else kind


def _state(status: str) -> str:
    labels = {
        "live": _("terbit"),
        "draft": _("draf"),
        "scheduled": _("terjadwal"),
        "published": _("terbit"),
        "pending": _("ditahan"),
        "rejected": _("ditolak"),
        "spam": _("spam"),
    }
    return labels.get(status, status)


@dataclass
class Report:
    site_title: str = ""
    site_url: str = ""
    wxr_version: str = ""
    dry_run: bool = False
    created: Counter = field(default_factory=Counter)  # (kind, status) -> n
    existing: Counter = field(default_factory=Counter)  # kind -> n
    skipped: Counter = field(default_factory=Counter)  # reason -> n
    unmapped: Counter = field(default_factory=Counter)  # what -> n
    labels: Counter = field(default_factory=Counter)  # ham/spam -> n
    redirects: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)
    problem_count: int = 0
    missing_files: list[str] = field(default_factory=list)
    missing_count: int = 0

    def problem(self, line: int, message: str) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_LISTED:
            self.problems.append((line, message))

    def missing(self, path: str) -> None:
        self.missing_count += 1
        if len(self.missing_files) < MAX_LISTED:
            self.missing_files.append(path)

    def lines(self) -> list[str]:
        out = [
            _("Situs: %(title)s (%(url)s), WXR %(version)s")
            % {
                "title": self.site_title,
                "url": self.site_url,
                "version": self.wxr_version,
            }
        ]
        if self.dry_run:
            out.append(_("Uji coba (--dry-run): tidak ada yang disimpan."))
        out.append(_("Dibuat:"))
        for (kind, status), n in sorted(self.created.items()):
            state = f" [{_state(status)}]" if status else ""
            out.append(f"  {_kind(kind)}{state}: {n}")
        if self.existing:
            out.append(_("Sudah ada dari impor sebelumnya (dilewati):"))
            out.extend(
                f"  {_kind(kind)}: {n}" for kind, n in sorted(self.existing.items())
            )
        if self.skipped:
            out.append(_("Dilewati:"))
            out.extend(f"  {why}: {n}" for why, n in sorted(self.skipped.items()))
        if self.unmapped:
            out.append(_("Isi yang tidak punya blok sendiri (disimpan sebagai teks):"))
            out.extend(f"  {what}: {n}" for what, n in sorted(self.unmapped.items()))
        out.append(_("Pengalihan tautan lama: %(n)d") % {"n": self.redirects})
        out.append(
            _("Label untuk filter spam: %(ham)d bukan spam, %(spam)d spam")
            % {"ham": self.labels["ham"], "spam": self.labels["spam"]}
        )
        if self.missing_count:
            out.append(
                _("Berkas media tidak ditemukan: %(n)d") % {"n": self.missing_count}
            )
            out.extend(f"  {path}" for path in self.missing_files)
        if self.problem_count:
            out.append(_("Masalah: %(n)d") % {"n": self.problem_count})
            out.extend(
                _("  baris %(line)d: %(message)s") % {"line": line, "message": message}
                for line, message in self.problems
            )
        return out
