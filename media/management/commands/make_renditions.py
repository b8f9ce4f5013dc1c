from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from media.models import Image


class Command(BaseCommand):
    help = "Make missing or outdated renditions (after a change of rendition settings, or for old photos)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="Remake every photo's renditions, not only outdated ones."
        )

    def handle(self, *args, all=False, **options):
        made = 0
        for image in Image.objects.order_by("pk").iterator():
            if all or image.rendition_token != image.expected_token():
                image.make_renditions()
                made += 1
        self.stdout.write(
            self.style.SUCCESS(ngettext("Renditions made for %d photo.", "Renditions made for %d photos.", made) % made)
        )
