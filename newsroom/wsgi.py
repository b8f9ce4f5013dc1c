"""WSGI entry point, used by gunicorn (`gunicorn newsroom.wsgi`) and runserver."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

application = get_wsgi_application()

from newsroom.startup import require_real_secret_key  # noqa: E402  (needs the settings loaded)

require_real_secret_key()
