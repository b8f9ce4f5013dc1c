"""
The names that point at two places: an alternative name of one place that is another place's
own name today ("Слов'янськ" among Nikopol's names, "Kremenchuk" among Yampil's). Detection lets
the place whose own name it is win unless the story places it otherwise; this list is for whoever
keeps the gazetteer, to remove the names that were never right (in the admin, Places → the place →
Alternative names) and keep the real former names of renamed towns.
"""

from collections import defaultdict

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from locations.models import Location, PlaceName, fold_name


class Command(BaseCommand):
    help = "List alternative names of a place that are another place's own name, biggest places first."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=0, help="show at most this many (0: all)")

    def handle(self, *args, limit, **options):
        places = Location.objects.in_bulk()
        owners = defaultdict(set)
        for place in places.values():
            owners[fold_name(place.name)].add(place.pk)
        clashes = []
        for folded, name, location_id in PlaceName.objects.values_list("folded", "name", "location_id"):
            holder = places.get(location_id)
            if holder is None or fold_name(holder.name) == folded:
                continue
            others = owners.get(folded, set()) - {location_id}
            if others:
                clashes.append(
                    (holder, name, sorted((places[pk] for pk in others), key=lambda p: -(p.population or 0)))
                )
        clashes.sort(key=lambda clash: (-(clash[0].population or 0), clash[0].name, clash[1]))
        self.stdout.write(
            ngettext(
                "%(count)d alternative name is another place's own name.",
                "%(count)d alternative names are other places' own names.",
                len(clashes),
            )
            % {"count": len(clashes)}
        )
        for holder, name, others in clashes[: limit or None]:
            owners_text = "; ".join(f"{place} ({place.population or '?'})" for place in others[:3])
            if len(others) > 3:
                owners_text += " " + ngettext("and %(count)d more", "and %(count)d more", len(others) - 3) % {
                    "count": len(others) - 3
                }
            line = _("“%(name)s” on %(holder)s (%(population)s) — the own name of %(owners)s") % {
                "name": name,
                "holder": holder,
                "population": holder.population or "?",
                "owners": owners_text,
            }
            self.stdout.write(f"  {line}")
