from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from articles.models import Article
from articles.search import sync_search_entries

BATCH = 500


class Command(BaseCommand):
    help = "Rebuild every story's search entry (after an upgrade that changes what is searchable)."

    def handle(self, *args, **options):
        ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), BATCH):
            sync_search_entries(ids[start : start + BATCH])
        message = ngettext("Search entry rebuilt for %d story.", "Search entries rebuilt for %d stories.", len(ids))
        self.stdout.write(self.style.SUCCESS(message % len(ids)))
