"""``manage.py spamfilter_models list|activate VERSION|rollback``.

- ``list``: every registered version, newest first, with its date, size,
  thresholds, test figures and which one is active;
- ``activate VERSION``: make VERSION the active model (its file is verified
  first);
- ``rollback``: activate the version that was active before the current one.
"""

from django.core.management.base import BaseCommand, CommandError

import spamfilter


class Command(BaseCommand):
    help = "List, activate or roll back spam-filter model versions."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("list", help="List the registered versions.")
        activate = actions.add_parser("activate", help="Activate a version.")
        activate.add_argument("version")
        actions.add_parser("rollback", help="Go back to the previous version.")

    def handle(self, *args, **options):
        action = options["action"]
        try:
            if action == "activate":
                row = spamfilter.activate(options["version"])
                self.stdout.write(f"activated {row.version}")
            elif action == "rollback":
                row = spamfilter.rollback()
                self.stdout.write(f"rolled back to {row.version}")
            else:
                self._list()
        except spamfilter.SpamFilterError as error:
            raise CommandError(str(error)) from error

    def _list(self):
        rows = list(spamfilter.list_versions())
        if not rows:
            self.stdout.write("no spam-filter model versions")
            return
        for row in rows:
            test = (row.metrics or {}).get("test", {}).get("all", {})
            spam = test.get("spam", {})
            recall, fpr = spam.get("recall"), spam.get("false_positive_rate")
            figures = (
                f"test recall {recall:.4f} FPR {fpr:.4f}"
                if recall is not None and fpr is not None
                else "no test figures"
            )
            self.stdout.write(
                f"{'*' if row.is_active else ' '} {row.version}  "
                f"{row.created_at:%Y-%m-%d %H:%M}  {row.size / 1e6:5.1f} MB  "
                f"hold>={row.hold_threshold:.4f} spam>={row.spam_threshold:.4f}  "
                f"{figures}"
            )
