"""``manage.py train_spamfilter``: train, report, save a new model version.

Trains on the bundled corpora and the moderators' labels (which is why the
command lives here: the comments app owns the labels and hands them to the
filter as data), prints the held-out figures, saves the model with skops and
registers it. By default it is activated if it is not worse than the active
one on the validation data.

    manage.py train_spamfilter [--seed N] [--no-activate | --activate-always]
                               [--limit ROWS_PER_CORPUS] [--corpus NAME ...]
                               [--notes TEXT]
"""

from django.core.management.base import BaseCommand, CommandError

import spamfilter
from comments.learning import retrain_now


class Command(BaseCommand):
    help = "Train the spam filter on the corpora and moderators' labels."
    # The system checks would print spamfilter.W001 ("no active model"), whose
    # remedy is this very command, just before it succeeds.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group()
        group.add_argument(
            "--no-activate",
            action="store_true",
            help="Register the new version without activating it.",
        )
        group.add_argument(
            "--activate-always",
            action="store_true",
            help="Activate the new version even if it is worse than the active one.",
        )
        parser.add_argument("--seed", type=int, default=0, help="Random state.")
        parser.add_argument(
            "--limit",
            type=int,
            default=None,
            help="At most this many rows per corpus (quick runs).",
        )
        parser.add_argument(
            "--corpus",
            action="append",
            choices=sorted(spamfilter.CORPORA),
            help="Train on this bundled corpus only (repeatable).",
        )
        parser.add_argument("--notes", default="", help="Stored with the version.")

    def handle(self, *args, **options):
        activate = "if_not_worse"
        if options["no_activate"]:
            activate = "never"
        elif options["activate_always"]:
            activate = "always"
        try:
            version = retrain_now(
                activate=activate,
                random_state=options["seed"],
                limit=options["limit"],
                corpora=options["corpus"],
                notes=options["notes"],
            )
        except (spamfilter.SpamFilterError, ValueError) as error:
            raise CommandError(str(error)) from error
        for line in spamfilter.training_report(version):
            self.stdout.write(line)
