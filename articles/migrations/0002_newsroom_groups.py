"""The two newsroom groups: Writers draft and edit; Editors do everything, including publishing."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

WRITER_PERMISSIONS = {
    "articles": ["add_article", "change_article", "view_article", "view_author", "view_section", "view_tag", "add_tag"],
    "media": ["add_image", "change_image", "view_image"],
    "locations": ["view_location"],
}
EDITOR_APPS = ["articles", "media", "locations"]


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    writers, _ = Group.objects.get_or_create(name="Writers")
    writer_perms = Permission.objects.none()
    for app_label, codenames in WRITER_PERMISSIONS.items():
        writer_perms |= Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    writers.permissions.set(writer_perms)

    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.set(Permission.objects.filter(content_type__app_label__in=EDITOR_APPS))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Writers", "Editors"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("media", "0001_initial"),
        ("locations", "0002_starter_gazetteer"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
