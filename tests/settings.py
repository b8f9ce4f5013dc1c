"""The project's settings, with the few changes tests need."""

import os
import tempfile
from pathlib import Path

# Set before the settings module reads the environment; never a production key.
os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-key-never-in-production-0a1b2c3d4e5f6g7h8i9j")
os.environ.setdefault("DJANGO_HTTPS", "0")
os.environ.setdefault("NEWSROOM_SITE_URL", "http://testserver")

from newsroom.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The embedded cache, as in production, in a scratch folder (`make test-redis` sets CACHE_URL and
# runs the cache tests against Redis instead).
SCRATCH = Path(tempfile.mkdtemp(prefix="newsroom-test-var-"))
if CACHE_SCHEME == "diskcache":  # noqa: F405
    CACHES["default"]["LOCATION"] = str(SCRATCH / "cache")  # noqa: F405
MEDIA_ROOT = tempfile.mkdtemp(prefix="newsroom-test-media-")
# Hashed names need `collectstatic`; the tests render templates without it.
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# Uploads go to the bucket when `make test-s3` names one, else to a scratch folder.
if not os.environ.get("NEWSROOM_S3_BUCKET"):
    STORAGES["default"] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}  # noqa: F405
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# Tests count the purges a change sends; the one test of the repeat turns it on.
PURGE_REPEAT_SECONDS = 0
# Serve static files from the source folders, as in development.
STATIC_ROOT = tempfile.mkdtemp(prefix="newsroom-test-static-")
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Views are tested as rendered; tests/test_page_cache.py turns the whole-page cache on.
PAGE_CACHE_SECONDS = 0
# Tests run inside a transaction a thread cannot see: a purged page is drawn again by the request
# that finds it (tests/test_page_cache.py checks the background way on its own).
PAGE_REFRESH_IN_BACKGROUND = False
