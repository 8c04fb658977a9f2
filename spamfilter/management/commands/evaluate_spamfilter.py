"""``manage.py evaluate_spamfilter --data FILE.csv [--json] [--model-version V]``.

Scores every row of a CSV with ``text`` and ``label`` (``spam``/``ham``)
columns (optional ``name``, ``email``, ``website``, ``article_text``) with the
active model (or ``--model-version``) and prints precision, recall and
false-positive rate at the model's thresholds, ROC AUC, PR AUC and the
confusion matrices. With ``--json`` it prints one JSON object
``{"n", "roc_auc", "pr_auc", "spam": {...}, "hold": {...}, "model_version"}``:
``spam`` measures the decision "marked spam", ``hold`` "not published"
(held or spam), each with ``precision, recall, false_positive_rate, tp, fp,
tn, fn``.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from spamfilter import SpamFilterError, registry
from spamfilter.evaluation import evaluate, probabilities, read_labelled_csv
from spamfilter.models import ModelVersion
from spamfilter.reports import metrics_lines


class Command(BaseCommand):
    help = "Evaluate the spam filter on a labelled CSV (text,label)."

    def add_arguments(self, parser):
        parser.add_argument("--data", required=True, help="CSV with text,label.")
        parser.add_argument("--json", action="store_true", help="Print JSON.")
        parser.add_argument(
            "--model-version",
            dest="model_version",
            default=None,
            help="A registered version (default: the active one).",
        )

    def handle(self, *args, **options):
        try:
            records, y = read_labelled_csv(options["data"])
        except (OSError, ValueError) as error:
            raise CommandError(str(error)) from error
        if not records:
            raise CommandError(f"{options['data']}: no rows")
        try:
            model = self._model(options["model_version"])
        except (SpamFilterError, LookupError) as error:
            raise CommandError(str(error)) from error
        figures = evaluate(
            y,
            probabilities(model, records),
            hold_threshold=model.hold_threshold,
            spam_threshold=model.spam_threshold,
        )
        figures["model_version"] = model.version
        if options["json"]:
            self.stdout.write(json.dumps(figures))
            return
        self.stdout.write(
            f"model {model.version}: hold >= {model.hold_threshold:.4f}, "
            f"spam >= {model.spam_threshold:.4f}"
        )
        for line in metrics_lines(options["data"], figures):
            self.stdout.write(line)

    def _model(self, version):
        if version is None:
            return registry.load_active()
        row = ModelVersion.objects.filter(version=version).first()
        if row is None:
            raise LookupError(f"no spam-filter model version {version!r}")
        return registry.load_version(row)
