"""Give the "Moderator" group (created by news.0002_roles) the moderation permission."""

from django.db import migrations


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="comments", model="comment"
    )
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="moderate_comment",
        defaults={"name": "Dapat memoderasi komentar"},
    )
    Group.objects.get_or_create(name="Moderator")[0].permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth.Permission")
    Permission.objects.filter(
        content_type__app_label="comments", codename="moderate_comment"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("comments", "0001_initial"), ("news", "0002_roles")]

    operations = [migrations.RunPython(grant, revoke)]
