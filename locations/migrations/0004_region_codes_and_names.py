"""ISO codes for Ukraine and its regions, and the place-name index for the starter gazetteer."""

from django.db import migrations

from locations.models import fold_name
from locations.regions import REGION_SLUGS
from common.text import latin_slug


def forwards(apps, schema_editor):
    Location = apps.get_model("locations", "Location")
    PlaceName = apps.get_model("locations", "PlaceName")
    Location.objects.filter(slug="ukraine").update(code="UA")
    for code, slug in REGION_SLUGS.items():
        Location.objects.filter(slug=slug).update(code=code)
    rows = []
    for place in Location.objects.all():
        names = [place.name, *[n.strip() for n in place.alternative_names.splitlines()]]
        seen = set()
        for name in names:
            folded = fold_name(name)
            if name and folded not in seen:
                seen.add(folded)
                rows.append(PlaceName(location=place, name=name, folded=folded, slug=latin_slug(name, fallback="")))
    PlaceName.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [("locations", "0003_gazetteer_fields")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
