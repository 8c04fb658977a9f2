"""``manage.py purge_spam [--days N] [--include-labels]``: delete old spam (cron).

What moderators marked as spam stays (it is what the filter learns from) unless
``--include-labels`` is given.

# /etc/cron.d/warta: every night at 03:15
15 3 * * * warta /srv/warta/.venv/bin/python /srv/warta/manage.py purge_spam
"""

from django.core.management.base import BaseCommand, CommandError

from comments.conf import setting
from comments.services import purge_spam


class Command(BaseCommand):
    help = (
        "Delete comments marked as spam older than N days "
        "(default WARTA_COMMENTS_SPAM_RETENTION_DAYS, 30). Meant for a daily cron job."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Keep spam younger than this many days.",
        )
        parser.add_argument(
            "--include-labels",
            action="store_true",
            help=(
                "Also delete what moderators marked as spam (the filter's "
                "training labels), counting age from their decision."
            ),
        )

    def handle(self, *args, days=None, include_labels=False, **options) -> None:
        days = setting("SPAM_RETENTION_DAYS") if days is None else days
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        deleted = purge_spam(days=days, keep_labels=not include_labels)
        self.stdout.write(f"{deleted} komentar spam lebih dari {days} hari dihapus.")
