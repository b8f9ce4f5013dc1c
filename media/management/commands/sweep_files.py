from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from media.models import RetiredFile


class Command(BaseCommand):
    help = (
        "Delete retired photo renditions whose time has come (see NEWSROOM_RETIRED_FILE_SECONDS). Saving "
        "or deleting a photo does this too; run it from cron on a site where photos rarely change."
    )

    def handle(self, *args, **options):
        swept = total = RetiredFile.objects.sweep()
        while swept:
            swept = RetiredFile.objects.sweep()
            total += swept
        waiting = RetiredFile.objects.count()
        self.stdout.write(
            self.style.SUCCESS(
                ngettext("%(total)d retired file deleted", "%(total)d retired files deleted", total) % {"total": total}
                + "; "
                + ngettext("%(waiting)d still waiting.", "%(waiting)d still waiting.", waiting) % {"waiting": waiting}
            )
        )
