"""``manage.py set_site_url [URL]``: the default Site's hostname and port.

Without URL it uses ``WARTA_SITE_URL``; with neither it changes nothing.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from warta_site.site_url import set_default_site_url


class Command(BaseCommand):
    help = "Set the default Wagtail Site's hostname and port from a URL."

    def add_arguments(self, parser):
        parser.add_argument(
            "url",
            nargs="?",
            default="",
            help="e.g. https://warta.palopokota.go.id or 127.0.0.1:8000 "
            "(default: WARTA_SITE_URL).",
        )

    def handle(self, *args, url: str, **options) -> None:
        url = url or settings.WARTA_SITE_URL
        if not url:
            self.stdout.write("WARTA_SITE_URL kosong: alamat situs tidak diubah.")
            return
        try:
            site = set_default_site_url(url)
        except ValueError as error:
            raise CommandError(str(error)) from error
        if site is None:
            raise CommandError("Belum ada situs bawaan (jalankan migrate).")
        self.stdout.write(f"Alamat situs: {site.root_url}/")
