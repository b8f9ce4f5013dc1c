"""
Purging the edge cache (Varnish, Fastly, Cloudflare) by surrogate key.

common.purges queues each purge as a task of the durable queue (django-tasks with its database
backend), in the transaction of the change, so it goes out once the change commits, outlives a
restart, and is retried with growing pauses for as long as the edge may keep a copy
(settings.PURGE_RETRY_SECONDS). An editor's save never waits for the edge or fails because of it.
The worker (`manage.py db_worker`, started by `make run` and `make serve`) sends them; the admin's
Tasks pages list what is waiting, what failed and why.

Purgers, from the settings (see the README):
- Varnish with varnish-modules' xkey: a PURGE request to each NEWSROOM_VARNISH_URLS address with
  the keys in an `xkey-softpurge` header (the VCL in deploy/varnish lets the next reader have the
  old copy for a second while it fetches the new one) or, for something taken down, `xkey-purge`.
- Fastly: POST /service/<id>/purge with a Surrogate-Key header (NEWSROOM_FASTLY_SERVICE, _TOKEN).
- Cloudflare: POST /zones/<id>/purge_cache with {"tags": [...]} (NEWSROOM_CLOUDFLARE_ZONE, _TOKEN).
"""

import json
import logging
import urllib.request

from django.conf import settings

logger = logging.getLogger(__name__)

#: Keys per request: Fastly takes up to 256 in a header, Cloudflare 30 tags per call, Varnish's
#: header limit (8 KB by default) about 200.
FASTLY_BATCH = 256
CLOUDFLARE_BATCH = 30
VARNISH_BATCH = 200
TIMEOUT = 5


class PurgeError(Exception):
    pass


def _request(url, method="POST", headers=None, body=None):
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 (operator's own URL)
            response.read()
            return response.status
    except OSError as error:  # URLError, HTTPError, timeouts and refused connections
        raise PurgeError(f"{method} {url}: {error}") from error


def _batches(keys, size):
    keys = sorted(keys)
    return [keys[start : start + size] for start in range(0, len(keys), size)]


class VarnishPurger:
    def __init__(self, url):
        self.url = url

    def __str__(self):
        return f"Varnish at {self.url}"

    def purge(self, keys, hard=False):
        header = "xkey-purge" if hard else "xkey-softpurge"
        for batch in _batches(keys, VARNISH_BATCH):
            _request(self.url, method="PURGE", headers={header: " ".join(batch)})


class FastlyPurger:
    def __init__(self, service, token, api="https://api.fastly.com"):
        self.service, self.token, self.api = service, token, api.rstrip("/")

    def __str__(self):
        return f"Fastly service {self.service}"

    def purge(self, keys, hard=False):
        for batch in _batches(keys, FASTLY_BATCH):
            headers = {"Fastly-Key": self.token, "Surrogate-Key": " ".join(batch)}
            if not hard:
                headers["Fastly-Soft-Purge"] = "1"
            _request(f"{self.api}/service/{self.service}/purge", headers=headers)


class CloudflarePurger:
    def __init__(self, zone, token, api="https://api.cloudflare.com/client/v4"):
        self.zone, self.token, self.api = zone, token, api.rstrip("/")

    def __str__(self):
        return f"Cloudflare zone {self.zone}"

    def purge(self, keys, hard=False):
        # Cloudflare has no soft purge: every purge is hard.
        for batch in _batches(keys, CLOUDFLARE_BATCH):
            _request(
                f"{self.api}/zones/{self.zone}/purge_cache",
                headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
                body=json.dumps({"tags": batch}).encode(),
            )


def configured_purgers():
    purgers = [VarnishPurger(url) for url in settings.VARNISH_URLS]
    if settings.FASTLY_SERVICE:
        purgers.append(FastlyPurger(settings.FASTLY_SERVICE, settings.FASTLY_TOKEN, settings.FASTLY_API))
    if settings.CLOUDFLARE_ZONE:
        purgers.append(CloudflarePurger(settings.CLOUDFLARE_ZONE, settings.CLOUDFLARE_TOKEN, settings.CLOUDFLARE_API))
    return purgers


def purge_everywhere(keys, hard=False):
    """Purge `keys` at every configured edge cache; returns what failed, as "<purger>: <error>" lines."""
    failed = []
    for purger in configured_purgers():
        try:
            purger.purge(keys, hard=hard)
        except PurgeError as error:
            failed.append(f"{purger}: {error}")
    return failed
