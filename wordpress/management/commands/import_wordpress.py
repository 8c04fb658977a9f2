from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wordpress.importer import Options, import_export


class Command(BaseCommand):
    help = gettext_lazy(
        "Impor ekspor WordPress (WXR): tulisan, halaman, media, komentar, tautan lama."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", type=Path, help=_("berkas ekspor WXR (.xml)"))
        parser.add_argument(
            "--media-dir",
            type=Path,
            help=_("salinan folder wp-content/uploads (tanpa jaringan)"),
        )
        parser.add_argument(
            "--under", help=_("id atau slug indeks berita tujuan tulisan")
        )
        parser.add_argument(
            "--dry-run", action="store_true", help=_("hanya laporan, tidak disimpan")
        )
        parser.add_argument(
            "--pingbacks",
            action="store_true",
            help=_("impor juga pingback dan trackback (bawaan: dilewati)"),
        )
        parser.add_argument(
            "--dateline", default="", help=_("tempat (dateline) berita")
        )
        parser.add_argument("--batch-size", type=int, default=100)

    def handle(self, *args, **options):
        export = options["export"]
        if not export.is_file():
            raise CommandError(_("Berkas tidak ditemukan: %s") % export)
        media_dir = options["media_dir"]
        if media_dir is not None and not media_dir.is_dir():
            raise CommandError(_("Folder media tidak ditemukan: %s") % media_dir)
        shown = {"percent": -1}

        def progress(done: int, total: int) -> None:
            percent = int(100 * done / total) if total else 100
            if percent // 10 != shown["percent"] // 10:
                shown["percent"] = percent
                self.stderr.write(f"{percent}%")

        try:
            report = import_export(
                export,
                Options(
                    media_dir=media_dir,
                    under=options["under"],
                    dry_run=options["dry_run"],
                    pingbacks=options["pingbacks"],
                    dateline=options["dateline"],
                    batch_size=max(1, options["batch_size"]),
                ),
                progress=progress if options["verbosity"] > 0 else None,
            )
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        for line in report.lines():
            self.stdout.write(line)
