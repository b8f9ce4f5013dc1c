from django.core.management.base import BaseCommand, CommandError

from newsroom.backups import restore


class Command(BaseCommand):
    help = "Replace the database and the uploaded media with a backup made by `manage.py backup`."

    def add_arguments(self, parser):
        parser.add_argument("folder")
        parser.add_argument("--yes", action="store_true", help="Do not ask: everything now stored is replaced.")

    def handle(self, *args, folder, yes=False, **options):
        if not yes and input(f"Replace the database and all media with {folder}? Type yes: ").strip() != "yes":
            raise CommandError("Nothing restored.")
        try:
            manifest = restore(folder)
        except (OSError, RuntimeError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Restored the backup taken at {manifest['taken_at']}."))
