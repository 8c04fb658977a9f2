"""ModerationEvent.batch and .confirmed, moved out of the note.

Until now a bulk decision's id was written into the note as ``batch:<id>`` and an
explicit spam confirmation as ``yakin-spam``, joined with ``"; "``. The data step
moves both into their fields and leaves the rest of the note as it was.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

BATCH_PREFIX = "batch:"
CONFIRM_TAG = "yakin-spam"


def split_note(note: str) -> tuple[str, str, bool]:
    """``(note without the tags, batch id, confirmed)``."""
    batch, confirmed, rest = "", False, []
    for part in (note or "").split(";"):
        part = part.strip()
        if part.startswith(BATCH_PREFIX):
            batch = part[len(BATCH_PREFIX) :]
        elif part == CONFIRM_TAG:
            confirmed = True
        elif part:
            rest.append(part)
    return "; ".join(rest), batch, confirmed


def join_note(note: str, batch: str, confirmed: bool) -> str:
    parts = [note] if note else []
    if confirmed:
        parts.append(CONFIRM_TAG)
    if batch:
        parts.append(BATCH_PREFIX + batch)
    return "; ".join(parts)[:255]


def notes_to_fields(apps, schema_editor):
    ModerationEvent = apps.get_model("comments", "ModerationEvent")
    tagged = ModerationEvent.objects.filter(
        models.Q(note__contains=BATCH_PREFIX) | models.Q(note__contains=CONFIRM_TAG)
    )
    for event in tagged.iterator():
        event.note, event.batch, event.confirmed = split_note(event.note)
        event.save(update_fields=["note", "batch", "confirmed"])


def fields_to_notes(apps, schema_editor):
    ModerationEvent = apps.get_model("comments", "ModerationEvent")
    tagged = ModerationEvent.objects.exclude(batch="", confirmed=False)
    for event in tagged.iterator():
        event.note = join_note(event.note, event.batch, event.confirmed)
        event.save(update_fields=["note"])


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0003_commentreport"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="moderationevent",
            name="batch",
            field=models.CharField(
                blank=True, max_length=32, verbose_name="kelompok keputusan"
            ),
        ),
        migrations.AddField(
            model_name="moderationevent",
            name="confirmed",
            field=models.BooleanField(
                default=False, verbose_name="ditegaskan moderator"
            ),
        ),
        migrations.RunPython(notes_to_fields, fields_to_notes),
        migrations.AlterField(
            model_name="block",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="sejak"),
        ),
        migrations.AlterField(
            model_name="block",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="oleh",
            ),
        ),
    ]
