"""
Whole pages kept for anonymous readers, each until something it shows changes.

A page is kept with the tags of what it shows (its Cache-Tag header) and the tag clock read before
it was rendered; a hit asks the tag store whether any of those tags has been retired since
(common.freshness). Retiring "article-12" therefore ends exactly the pages that show story 12.

No stampede: when a kept page has been retired, the first worker to ask renders it again, in a
thread of its own (PAGE_REFRESH_IN_BACKGROUND), while every request, that one included, is answered
from the previous copy for up to PAGE_STALE_SECONDS; when there is no copy at all, the others wait
a moment for the first one's.

Parts: a page may leave a part to be filled in at delivery, as an `<esi:include src="…"/>` (the
story page's "latest" list, which changes with every publication while the story does not). An
edge cache that does ESI (Varnish, announcing `Surrogate-Capability: …ESI/1.0`) gets the page as
it is and fills the part from its own cache; otherwise this middleware does, from the part's own
kept copy. An assembled page is kept per version of its parts, so a hit is still one lookup.

Pages are kept uncompressed and gzip-compressed once, when stored; the compression of a fresh
answer is done here, not by GZipMiddleware (which still compresses everything that is not kept).
"""

import hashlib
import io
import logging
import re
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIRequest
from django.db import connections
from django.http import HttpResponse
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import parse_http_date_safe
from django.utils.text import compress_string

from common import cachetags, freshness

from .middleware import edge_cache_headers, is_admin

logger = logging.getLogger(__name__)
INCLUDE = re.compile(rb'<esi:include src="([^"]+)"\s*/>')
#: Headers of a kept page that are worked out again for each answer.
PER_ANSWER = {"content-length", "content-encoding", "etag", "vary", "surrogate-control", "age"}
WAIT_STEP = 0.05
#: Kept instead of a page for an address whose answer is not to be kept (private, an error…).
PASS = "pass"


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.gzip = GZipMiddleware(get_response)

    def __call__(self, request):
        freshness.run_due()
        return self.serve(request)

    def serve(self, request):
        if not self.applies(request):
            return self.get_response(request)
        request.parts_by_esi = True  # templates may leave parts to be filled in (articles_tags.latest_stories)
        key = self.key(request)
        entry = cache.get(key)
        if entry == PASS:  # an address that answered with something not to keep, a moment ago
            return self.render(request, key, passing=True)
        locked = False
        staleness = freshness.staleness(entry["tags"], entry["clock"]) if entry is not None else None
        if entry is not None and staleness is None:
            return self.answer(request, entry)
        if entry is not None and not staleness[1]:  # retired, not taken down: the previous copy may serve
            locked = self.lock(key)
            if locked and settings.PAGE_REFRESH_IN_BACKGROUND:
                self.refresh_in_background(request, key)  # this reader, too, gets the previous copy
                return self.answer(request, entry, stale=True)
            if not locked and time.time() - staleness[0] < settings.PAGE_STALE_SECONDS:
                return self.answer(request, entry, stale=True)  # another worker is rendering it
        else:  # no copy, or one that must not be served: wait for the worker drawing it, if there is one
            locked = self.lock(key)
            if not locked and (entry := self.wait_for(key)) is not None:
                return self.answer(request, entry)
        try:
            return self.render(request, key)
        finally:
            if locked:
                cache.delete(f"render:{key}")

    @staticmethod
    def applies(request):
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method in {"GET", "HEAD"}
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not is_admin(request)
        )

    @staticmethod
    def key(request):
        return _key(f"{request.scheme}://{request.get_host()}{request.get_full_path()}")

    @staticmethod
    def lock(key):
        return cache.add(f"render:{key}", 1, timeout=settings.PAGE_RENDER_LOCK_SECONDS)

    @staticmethod
    def wait_for(key):
        """The page another worker is rendering, once it is kept (or None after a short wait)."""
        deadline = time.monotonic() + settings.PAGE_RENDER_WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(WAIT_STEP)
            entry = cache.get(key)
            if isinstance(entry, dict) and freshness.staleness(entry["tags"], entry["clock"]) is None:
                return entry
        return None

    def render(self, request, key, passing=False):
        started = freshness.clock()
        # Rendered uncompressed, so it can be kept once and compressed once (and parts filled in).
        accept_encoding = request.META.pop("HTTP_ACCEPT_ENCODING", None)
        response = self.get_response(request)
        if accept_encoding is not None:
            request.META["HTTP_ACCEPT_ENCODING"] = accept_encoding
        if not self.storable(response):
            if not passing:  # remembered for a while, so the next requests for it skip the render lock
                cache.set(key, PASS, settings.PAGE_PASS_SECONDS)
            return self.gzip.process_response(request, response)
        entry = self.entry(response, started)
        cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
        return self.answer(request, entry)

    def refresh_in_background(self, request, key):
        """Render a retired page again in a thread of this worker, which holds its render lock."""
        fresh_request = WSGIRequest(_environ(request, request.path_info, request.META.get("QUERY_STRING", "")))

        def refresh():
            try:
                self.render(fresh_request, key)
            except Exception:
                # The previous copy stays in use; the next reader after the lock expires tries again.
                logger.exception("Could not render %s again", request.path_info)
            finally:
                cache.delete(f"render:{key}")
                connections.close_all()  # this thread's own connections

        threading.Thread(target=refresh, name="page-refresh", daemon=True).start()

    @staticmethod
    def storable(response):
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "public" in cache_control
            and "no-cache" not in cache_control
        )

    @staticmethod
    def entry(response, clock):
        body = response.content
        has_parts = INCLUDE.search(body) is not None
        return {
            "status": response.status_code,
            "headers": [(name, value) for name, value in response.items() if name.lower() not in PER_ANSWER],
            "body": body,
            "gz": None if has_parts else _compressed(body),
            "etag": response.get("ETag") or _etag(body),
            "has_parts": has_parts,
            "tags": cachetags.of(response),
            "clock": clock,
        }

    def answer(self, request, entry, stale=False):
        body, compressed, etag = entry["body"], entry["gz"], entry["etag"]
        by_esi = entry["has_parts"] and "ESI/1.0" in request.headers.get("Surrogate-Capability", "")
        if entry["has_parts"] and not by_esi:
            body, compressed, etag = self.assembled(request, entry)
        use_gzip = compressed is not None and "gzip" in request.headers.get("Accept-Encoding", "")
        response = HttpResponse(compressed if use_gzip else body, status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        response["ETag"] = f"W/{etag}" if use_gzip else etag
        if use_gzip:
            response["Content-Encoding"] = "gzip"
        patch_vary_headers(response, ("Accept-Encoding",))
        edge_cache_headers(response, esi=by_esi)
        if stale:
            # The previous copy, while the new one is drawn: no shared cache may keep it as current.
            response["X-Page-Cache"] = "stale"
            patch_cache_control(response, max_age=0, s_maxage=0)
            if "Surrogate-Control" in response:
                response["Surrogate-Control"] = re.sub(r"max-age=\d+", "max-age=0", response["Surrogate-Control"])
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        return get_conditional_response(request, etag=response["ETag"], last_modified=last_modified, response=response)

    def assembled(self, request, entry):
        """The page with its parts filled in: (body, gzip body, ETag), kept per version of the parts."""
        parts = {src: self.part(request, src.decode()) for src in set(INCLUDE.findall(entry["body"]))}
        versions = hashlib.sha256(b"".join(src + etag.encode() for src, (_, etag) in sorted(parts.items())))
        key = f"assembled:{entry['etag']}:{versions.hexdigest()}"
        if (kept := cache.get(key)) is not None:
            return kept
        body = INCLUDE.sub(lambda match: parts[match.group(1)][0], entry["body"])
        kept = (body, _compressed(body), _etag(body))
        cache.set(key, kept, settings.PAGE_CACHE_SECONDS)
        return kept

    def part(self, request, src):
        """A part's body and ETag: its kept copy when fresh, else asked of this middleware as a request of its own."""
        entry = cache.get(_key(f"{request.scheme}://{request.get_host()}{src}"))
        if isinstance(entry, dict) and freshness.stale_since(entry["tags"], entry["clock"]) is None:
            return entry["body"], entry["etag"]
        path, _, query = src.partition("?")
        environ = _environ(request, path, query)
        environ.pop("HTTP_SURROGATE_CAPABILITY", None)
        response = self.serve(WSGIRequest(environ))
        if response.status_code != 200:
            return b"", ""
        return response.content, response.get("ETag", "")


def _environ(request, path, query):
    """A plain GET of `path` as the same reader would make it: no conditions, no compression."""
    environ = {name: value for name, value in request.META.items() if not name.startswith("HTTP_IF_")}
    environ.update(
        {
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "REQUEST_METHOD": "GET",
            "HTTP_ACCEPT_ENCODING": "",
            "CONTENT_LENGTH": "0",
            "wsgi.input": io.BytesIO(),
        }
    )
    return environ


def _key(address):
    return f"page:{hashlib.sha256(address.encode()).hexdigest()}"


def _compressed(body):
    return compress_string(body) if len(body) >= 200 else None


def _etag(body):
    return f'"{hashlib.md5(body, usedforsecurity=False).hexdigest()}"'
