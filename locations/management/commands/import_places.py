from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from common.progress import shown
from locations.gazetteer import EXTRACT, import_gazetteer, is_loaded
from locations.models import Location


class Command(BaseCommand):
    help = (
        "Load the full gazetteer: every settlement of Ukraine's official codifier (KATOTTG), in its raion "
        "and oblast, plus the neighbouring countries. Safe to repeat: it updates, never duplicates or deletes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(EXTRACT), help="Extract to load (default: the one shipped).")
        parser.add_argument(
            "--if-needed", action="store_true", help="Do nothing when every place of the extract is loaded already."
        )

    def handle(self, *args, file, if_needed=False, **options):
        if if_needed and is_loaded(file):
            self.stdout.write("The gazetteer is loaded already.")
            return
        self.stdout.write("Loading the gazetteer: some 30,000 places and their names (a minute or two the first time)…")
        result = import_gazetteer(path=file, progress=shown)
        total = Location.objects.count()
        self.stdout.write(
            self.style.SUCCESS(
                " ".join(
                    [
                        ngettext(
                            "Gazetteer loaded: %d place added,", "Gazetteer loaded: %d places added,", result.created
                        )
                        % result.created,
                        ngettext("%d updated;", "%d updated;", result.updated) % result.updated,
                        ngettext("%d place", "%d places", total) % total,
                        ngettext("and %d name in all.", "and %d names in all.", result.names) % result.names,
                    ]
                )
            )
        )
