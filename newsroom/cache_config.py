"""
How a CACHE_URL becomes the site's cache (the CACHES entry); newsroom/settings.py reads the
variables. An embedded, disk-backed cache every worker of the machine shares (diskcache), Redis
for several machines, and locmem:// or dummy:// for tests and benchmarks. Either way a cache out
of reach slows the site down but never breaks it (common.caches).
"""

import hashlib

import environ
from django.core.exceptions import ImproperlyConfigured

# django-environ's own schemes, and the two the README documents besides (locmem://, dummy://).
environ.Env.CACHE_SCHEMES.update(
    {"locmem": "django.core.cache.backends.locmem.LocMemCache", "dummy": "django.core.cache.backends.dummy.DummyCache"}
)


def cache_config(url, location="", size_limit=2**30):
    """The cache `url` names, as a CACHES entry; diskcache:// with no path keeps it in `location`."""
    scheme, path = url.split("://", 1) if "://" in url else (url, "")
    if scheme == "diskcache":
        return {
            "BACKEND": "common.caches.SharedDiskCache",
            "LOCATION": path or location,
            # A full cache drops the entries stored longest ago: unlike "least recently used", that
            # policy makes no write on a read, so hits never wait on each other.
            "OPTIONS": {"size_limit": size_limit, "eviction_policy": "least-recently-stored"},
            "TIMEOUT": 3600,
        }
    if scheme in {"redis", "rediss"}:
        # Short timeouts: a Redis that does not answer costs a reader half a second, once in a while.
        return {
            "BACKEND": "common.caches.ResilientRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    if scheme in {"locmem", "dummy"}:
        return environ.Env.cache_url_config(url)
    raise ImproperlyConfigured(
        f"CACHE_URL must start with diskcache://, locmem://, redis://, rediss:// or dummy://, not {url!r}."
    )


#: What a page is drawn from: the code, the templates, the translations and the data files beside
#: them (the map's outlines). Tests, migrations and the virtualenv do not change what readers get.
DRAWN_FROM = ("newsroom", "articles", "locations", "media", "common", "newsletters", "templates", "locale")
DRAWN_FROM_SUFFIXES = {".py", ".html", ".jinja", ".mo", ".json", ".txt", ".xml"}


def release_fingerprint(base_dir):
    """
    A short fingerprint of what pages are drawn from, for the cache's keys: a deploy that changes a
    template, a card's markup or the shape of a kept part starts a cache of its own, and no reader
    gets markup drawn by the code it replaced (nor a kept part the new code cannot read).
    """
    digest = hashlib.sha256()
    for folder in DRAWN_FROM:
        for path in sorted((base_dir / folder).rglob("*")):
            if path.suffix in DRAWN_FROM_SUFFIXES and "migrations" not in path.parts and path.is_file():
                digest.update(str(path.relative_to(base_dir)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:8]
