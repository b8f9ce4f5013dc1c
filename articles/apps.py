from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from common import freshness

        from . import retiring, upkeep  # noqa: F401  (upkeep connects the receivers that keep indexes and caches in step)

        freshness.publish_due = retiring.gone_public
