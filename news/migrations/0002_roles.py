"""Create the "Humas" (press office) and "Moderator" (comment moderation) groups.

Permission rows are normally created after migrations run, so they are fetched or
created here by content type and codename, as Wagtail's own data migrations do.
"""

from django.db import migrations

HUMAS_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]
HUMAS_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "image", ["add_image", "change_image", "choose_image"]),
    ("wagtaildocs", "document", ["add_document", "change_document", "choose_document"]),
]
HUMAS_MODEL_PERMISSIONS = [("news", "category", ["add_category", "change_category"])]


def _permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": codename.replace("_", " ").capitalize()},
    )
    return permission


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Page = apps.get_model("wagtailcore.Page")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")

    access_admin = _permission(apps, "wagtailadmin", "admin", "access_admin")
    humas, _ = Group.objects.get_or_create(name="Humas")
    moderator, _ = Group.objects.get_or_create(name="Moderator")
    humas.permissions.add(access_admin)
    moderator.permissions.add(access_admin)

    root_page = Page.objects.filter(depth=1).first()
    if root_page is not None:
        for codename in HUMAS_PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=humas,
                page=root_page,
                permission=_permission(apps, "wagtailcore", "page", codename),
            )
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        for app_label, model, codenames in HUMAS_COLLECTION_PERMISSIONS:
            for codename in codenames:
                GroupCollectionPermission.objects.get_or_create(
                    group=humas,
                    collection=root_collection,
                    permission=_permission(apps, app_label, model, codename),
                )
    for app_label, model, codenames in HUMAS_MODEL_PERMISSIONS:
        for codename in codenames:
            humas.permissions.add(_permission(apps, app_label, model, codename))


def remove_roles(apps, schema_editor):
    apps.get_model("auth.Group").objects.filter(name__in=["Humas", "Moderator"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
