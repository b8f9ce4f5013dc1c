from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from newsroom.backups import back_up


class Command(BaseCommand):
    help = "Back up the database and uploaded media into a new folder (var/backups/<time>/ by default)."

    def add_arguments(self, parser):
        parser.add_argument("--to", help="The folder to create.")

    def handle(self, *args, to=None, **options):
        folder = to or settings.VAR_DIR / "backups" / timezone.now().strftime("%Y%m%d-%H%M%S")
        manifest = back_up(folder)
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up the {manifest['database']} database and {manifest['media_files']} media files to {folder}"
            )
        )
