from django.core.management.base import BaseCommand

from locations.gazetteer import EXTRACT, import_gazetteer
from locations.models import Location


class Command(BaseCommand):
    help = (
        "Load the full gazetteer: every Ukrainian settlement of 500 people or more, in its oblast, "
        "plus the neighbouring countries. Safe to repeat: it updates, never duplicates or deletes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(EXTRACT), help="Extract to load (default: the one shipped).")
        parser.add_argument("--if-needed", action="store_true", help="Do nothing when the gazetteer is loaded already.")

    def handle(self, *args, file, if_needed=False, **options):
        if if_needed and Location.objects.filter(kind=Location.Kind.SETTLEMENT).count() > 1000:
            self.stdout.write("The gazetteer is loaded already.")
            return
        result = import_gazetteer(path=file)
        self.stdout.write(
            self.style.SUCCESS(
                f"Gazetteer loaded: {result.created} places added, {result.updated} updated; "
                f"{Location.objects.count()} places and {result.names} names in all."
            )
        )
