import html
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

TEMPLATE = Path(settings.BASE_DIR) / "deploy" / "varnish" / "default.vcl"


def varnish_vcl(backend):
    """The shipped VCL for a backend ("host:port"), with the site's name on its "briefly unavailable" page."""
    host, _, port = backend.rpartition(":")
    if not host or not port.isascii() or not port.isdigit():
        raise ValueError(f"Give the backend as host:port, not {backend!r}.")
    return (
        TEMPLATE.read_text()
        .replace("BACKEND_HOST", host)
        .replace("BACKEND_PORT", port)
        .replace("SITE_NAME", html.escape(settings.SITE_NAME))
    )


class Command(BaseCommand):
    help = "Print the Varnish configuration (deploy/varnish/default.vcl) for a backend, with the site's name filled in."

    def add_arguments(self, parser):
        parser.add_argument("--backend", default="127.0.0.1:8000", help="The site's address, host:port.")

    def handle(self, *args, backend, **options):
        try:
            self.stdout.write(varnish_vcl(backend), ending="")
        except ValueError as error:
            raise CommandError(str(error)) from error
