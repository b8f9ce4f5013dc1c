from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewslettersConfig(AppConfig):
    name = "newsletters"
    verbose_name = _("Newsletters")

    def ready(self):
        from . import bounces, receivers  # noqa: F401  (bounce webhooks; stories going out queue their alerts)
