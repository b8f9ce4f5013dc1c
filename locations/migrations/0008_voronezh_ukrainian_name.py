"""Voronezh Oblast's Ukrainian name is Воронезька область (0005 wrote Воронізька); an editor's own name stays."""

from django.db import migrations


def correct(apps, schema_editor):
    Location = apps.get_model("locations", "Location")
    Location.objects.filter(slug="voronezh-oblast", name_uk="Воронізька область").update(name_uk="Воронезька область")


class Migration(migrations.Migration):
    dependencies = [("locations", "0007_alter_location_options")]

    operations = [migrations.RunPython(correct, migrations.RunPython.noop)]
