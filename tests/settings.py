"""The project's settings, with the few changes tests need."""

import os
import tempfile
from pathlib import Path

# Set before the settings module reads the environment; never a production key.
os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-key-never-in-production-0a1b2c3d4e5f6g7h8i9j")
os.environ.setdefault("DJANGO_HTTPS", "0")

from newsroom.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
if not os.environ.get("CACHE_URL"):  # `make test-redis` runs the cache tests against Redis
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MEDIA_ROOT = tempfile.mkdtemp(prefix="newsroom-test-media-")
NEWS_VERSION_FILE = Path(tempfile.mkdtemp(prefix="newsroom-test-var-")) / "news-version"
# Hashed names need `collectstatic`; the tests render templates without it.
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# Uploads go to the bucket when `make test-s3` names one, else to a scratch folder.
if not os.environ.get("NEWSROOM_S3_BUCKET"):
    STORAGES["default"] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}  # noqa: F405
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# Serve static files from the source folders, as in development.
STATIC_ROOT = tempfile.mkdtemp(prefix="newsroom-test-static-")
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Views are tested as rendered; tests/test_page_cache.py turns the whole-page cache on.
PAGE_CACHE_SECONDS = 0
