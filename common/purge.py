"""
Purging the edge cache (Varnish, Fastly, Cloudflare) by surrogate key after a change.

send(tags) hands the tags to a sender thread of this process and returns at once: an editor's save
never waits on the edge cache, and never fails because of it. The thread sends them to every
configured purger; a purge that fails is logged and retried with growing pauses for as long as the
edge may keep a copy (settings.PURGE_RETRY_SECONDS: after that the edge fetches the page again by
itself). Tags queued while a purge is on its way go out together in the next request.

Purgers, from the settings (see the README):
- Varnish with varnish-modules' xkey: a PURGE request to each NEWSROOM_VARNISH_URLS address with
  the tags in an `xkey-softpurge` header, which the VCL in deploy/varnish soft-purges (the next
  reader gets the old copy while Varnish fetches the new one, and nobody waits), or, for a story
  taken down, in an `xkey-purge` header: gone at once.
- Fastly: POST /service/<id>/purge with a Surrogate-Key header (NEWSROOM_FASTLY_SERVICE, _TOKEN).
- Cloudflare: POST /zones/<id>/purge_cache with {"tags": [...]} (NEWSROOM_CLOUDFLARE_ZONE, _TOKEN).
"""

import json
import logging
import queue
import threading
import time
import urllib.request

from django.conf import settings

logger = logging.getLogger(__name__)

#: Tags per request: Fastly takes up to 256 keys in a header, Cloudflare 30 tags per call.
FASTLY_BATCH = 256
CLOUDFLARE_BATCH = 30
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


def _batches(tags, size):
    tags = sorted(tags)
    return [tags[start : start + size] for start in range(0, len(tags), size)]


class VarnishPurger:
    def __init__(self, url):
        self.url = url

    def __str__(self):
        return f"Varnish at {self.url}"

    def purge(self, tags, hard=False):
        # Header values stay well under Varnish's limit (8 KB by default) in batches of 200 keys.
        header = "xkey-purge" if hard else "xkey-softpurge"
        for batch in _batches(tags, 200):
            _request(self.url, method="PURGE", headers={header: " ".join(batch)})


class FastlyPurger:
    def __init__(self, service, token, api="https://api.fastly.com"):
        self.service, self.token, self.api = service, token, api.rstrip("/")

    def __str__(self):
        return f"Fastly service {self.service}"

    def purge(self, tags, hard=False):
        for batch in _batches(tags, FASTLY_BATCH):
            headers = {"Fastly-Key": self.token, "Surrogate-Key": " ".join(batch)}
            if not hard:
                headers["Fastly-Soft-Purge"] = "1"
            _request(f"{self.api}/service/{self.service}/purge", headers=headers)


class CloudflarePurger:
    def __init__(self, zone, token, api="https://api.cloudflare.com/client/v4"):
        self.zone, self.token, self.api = zone, token, api.rstrip("/")

    def __str__(self):
        return f"Cloudflare zone {self.zone}"

    def purge(self, tags, hard=False):
        # Cloudflare has no soft purge: every purge is hard.
        for batch in _batches(tags, CLOUDFLARE_BATCH):
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


class Sender:
    """One thread per process that sends queued tags to each purger, retrying failures."""

    first_pause = 1.0  # seconds before the first retry; each next pause doubles, up to a minute

    def __init__(self, purgers):
        self.purgers = purgers
        self.queue = queue.Queue()
        self.idle = threading.Event()
        self.idle.set()
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.run, name="edge-purge", daemon=True)
        self.thread.start()

    def send(self, tags, hard=False):
        self.idle.clear()
        self.queue.put((set(tags), hard))

    def stop(self):
        self.stopped.set()

    def run(self):
        while not self.stopped.is_set():
            waiting = {False: set(), True: set()}  # soft and hard purges; what waits goes together
            tags, hard = self.queue.get()
            waiting[hard] |= tags
            while not self.queue.empty():
                tags, hard = self.queue.get()
                waiting[hard] |= tags
            for hard, tags in waiting.items():
                for purger in self.purgers if tags else []:
                    self.deliver(purger, tags, hard)
            if self.queue.empty():
                self.idle.set()

    def deliver(self, purger, tags, hard=False):
        pause, given_up_at = self.first_pause, time.monotonic() + settings.PURGE_RETRY_SECONDS
        while True:
            try:
                purger.purge(tags, hard=hard)
                return
            except PurgeError as error:
                if time.monotonic() + pause > given_up_at:
                    logger.error("Gave up purging %d tags from %s: %s", len(tags), purger, error)
                    return
                logger.warning(
                    "Purging %d tags from %s failed, retrying in %.0f s: %s", len(tags), purger, pause, error
                )
                time.sleep(pause)
                pause = min(pause * 2, 60.0)


_sender = None
_sender_lock = threading.Lock()


def send(tags, hard=False):
    """Purge these tags from every configured edge cache, in the background (`hard`: no stale copy)."""
    global _sender
    if not tags:
        return
    if _sender is None:
        purgers = configured_purgers()
        if not purgers:
            return
        with _sender_lock:
            if _sender is None:
                _sender = Sender(purgers)
    _sender.send(tags, hard)


def wait(timeout=10.0):
    """Wait until every queued purge has been sent or given up (tests, management commands)."""
    return _sender.idle.wait(timeout) if _sender else True


def reset():
    """Stop and forget this process's sender, so the next send() reads the settings again (tests)."""
    global _sender
    if _sender is not None:
        _sender.stop()
    _sender = None
