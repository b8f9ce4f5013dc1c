"""Editors get the permissions of the workflow's new models; Writers may read corrections."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_CODENAMES = [
    f"{verb}_{model}"
    for model in ("correction", "previewlink", "articleversion", "articleevent")
    for verb in ("add", "change", "delete", "view")
]
WRITER_CODENAMES = ["view_correction"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in (("Editors", EDITOR_CODENAMES), ("Writers", WRITER_CODENAMES)):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="articles", codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [("articles", "0010_workflow")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
