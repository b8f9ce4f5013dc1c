"""Writers and Editors may place photos in story bodies (a model added after the groups were made)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["add_articlephoto", "change_articlephoto", "delete_articlephoto", "view_articlephoto"]


def grant(apps, schema_editor):
    articles = apps.get_app_config("articles")
    articles.models_module = True
    create_permissions(articles, apps=apps, verbosity=0)
    articles.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="articles", codename__in=CODENAMES)
    for group in Group.objects.filter(name__in=["Writers", "Editors"]):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="articles", codename__in=CODENAMES)
    for group in Group.objects.filter(name__in=["Writers", "Editors"]):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_body_photos")]

    operations = [migrations.RunPython(grant, revoke)]
