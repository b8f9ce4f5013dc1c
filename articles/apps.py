from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from common import freshness

        from . import upkeep  # noqa: F401  (connects the receivers that keep indexes and caches in step)
        from .models import Article

        freshness.next_scheduled_time = Article.objects.next_scheduled_time
