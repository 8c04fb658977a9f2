from django.db import migrations, models

PREFIX = "sumber:"


def notes_to_source(apps, schema_editor):
    """Imports before this field wrote their source as the note ``sumber:<source>``."""
    ModerationEvent = apps.get_model("comments", "ModerationEvent")
    rows = ModerationEvent.objects.filter(note__startswith=PREFIX)
    for source in rows.values_list("note", flat=True).distinct():
        rows.filter(note=source).update(source=source[len(PREFIX) :][:40], note="")


def source_to_notes(apps, schema_editor):
    ModerationEvent = apps.get_model("comments", "ModerationEvent")
    rows = ModerationEvent.objects.exclude(source="")
    for source in rows.values_list("source", flat=True).distinct():
        rows.filter(source=source).update(note=f"{PREFIX}{source}")


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0005_comment_form_stamp"),
    ]

    operations = [
        migrations.AddField(
            model_name="moderationevent",
            name="source",
            field=models.CharField(
                blank=True, max_length=40, verbose_name="sumber keputusan"
            ),
        ),
        migrations.RunPython(notes_to_source, source_to_notes),
    ]
