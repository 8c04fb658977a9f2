"""Indonesian names for what Wagtail's own migrations create in English.

Humas users read the default workflow's name in the editor ("Pengajuan ke
Moderators approval") and the root page's title in the page explorer ("Root").
Only the untouched defaults are renamed; names an administrator chose are kept.
"""

from django.db import migrations

WORKFLOW = ("Moderators approval", "Persetujuan redaksi")
ROOT_TITLE = ("Root", "Semua situs")


def rename(apps, old_to_new):
    Workflow = apps.get_model("wagtailcore.Workflow")
    Task = apps.get_model("wagtailcore.Task")
    Page = apps.get_model("wagtailcore.Page")
    (workflow_old, workflow_new), (root_old, root_new) = old_to_new
    Workflow.objects.filter(name=workflow_old).update(name=workflow_new)
    Task.objects.filter(name=workflow_old).update(name=workflow_new)
    Page.objects.filter(depth=1, title=root_old).update(
        title=root_new, draft_title=root_new
    )


def forwards(apps, schema_editor):
    rename(apps, [WORKFLOW, ROOT_TITLE])


def backwards(apps, schema_editor):
    rename(apps, [WORKFLOW[::-1], ROOT_TITLE[::-1]])


class Migration(migrations.Migration):
    dependencies = [("news", "0002_roles")]

    operations = [migrations.RunPython(forwards, backwards)]
