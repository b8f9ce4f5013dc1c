"""
Whole pages kept for anonymous readers, each answered again while it is current.

A page is kept with the keys of what it shows and where the purge log stood when it began to be
drawn (common.copies); a hit asks the log whether any of those keys has been purged since. When
they have, the first request draws the page again, once however many readers ask:
- softly purged less than 2 s ago (copies.STALE_SECONDS), the previous copy answers meanwhile,
  marked so that no shared cache keeps it, and the new one is drawn in a thread of this worker
  (PAGE_REFRESH_IN_BACKGROUND): nobody waits, and nobody gets an answer older than the contract
  allows. Not for the edge cache (Varnish): it answers its readers from its own copy meanwhile, and
  is given the current page;
- otherwise (a hard purge, a longer wait, no copy) the others wait for the new copy, at most
  PAGE_RENDER_WAIT_SECONDS.

Parts: a page may leave a part to be filled in at delivery, as an `<esi:include src="…"/>` (the
story page's "latest" list, which changes with every publication while the story does not). An
edge cache that does ESI (Varnish, announcing `Surrogate-Capability: …ESI/1.0`) gets the page as it
is and fills the part from its own cache; otherwise this middleware does, from the part's own kept
copy. An assembled page is kept per version of its parts, so a hit is still one lookup.

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

from common import copies, keys
from common.copies import Copy

from .middleware import edge_cache_headers, is_admin

logger = logging.getLogger(__name__)
INCLUDE = re.compile(rb'<esi:include src="([^"]+)"\s*/>')
#: Headers of a kept page that are worked out again for each answer.
PER_ANSWER = {"content-length", "content-encoding", "etag", "vary", "surrogate-control", "age"}
WAIT_STEP = 0.02


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.gzip = GZipMiddleware(get_response)

    def __call__(self, request):
        if not self.applies(request):
            return self.get_response(request)
        return self.serve(request)

    def serve(self, request):
        # Templates may leave parts to be filled in (articles_tags.latest_stories), so that a kept page
        # outlives a change to one of them; with a cache that keeps nothing, only the edge fills them in.
        request.parts_by_esi = settings.CACHE_SCHEME != "dummy" or _from_the_edge(request)
        address = self.address(request)
        copy = cache.get(address)
        check = copies.check(copy.keys, copy.started) if isinstance(copy, Copy) else None
        if check is not None and check.current:
            return self.answer(request, copy.value, check.next_due)
        locked = self.lock(address)
        # The edge cache answers its readers from its own copy meanwhile: it is given the current one.
        servable = check is not None and check.servable and not _from_the_edge(request)
        if servable and (not locked or settings.PAGE_REFRESH_IN_BACKGROUND):
            if locked:
                self.refresh_in_background(request, address)
            return self.answer(request, copy.value, check.next_due, current=False)
        if not locked and (found := self.wait_for(address)) is not None:
            return self.answer(request, *found)
        try:
            return self.render(request, address)
        finally:
            if locked:
                cache.delete(f"render:{address}")

    def refresh_in_background(self, request, address):
        """Draw a purged page again in a thread of this worker, which holds its render lock."""
        fresh_request = WSGIRequest(_environ(request, request.path_info, request.META.get("QUERY_STRING", "")))

        def refresh():
            try:
                self.render(fresh_request, address)
            except Exception:
                # The previous copy stops answering once it is STALE_SECONDS out of date; then readers draw it.
                logger.exception("Could not draw %s again", request.path_info)
            finally:
                cache.delete(f"render:{address}")
                connections.close_all()  # this thread's own

        threading.Thread(target=refresh, name="page-refresh", daemon=True).start()

    @staticmethod
    def applies(request):
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method in {"GET", "HEAD"}
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not is_admin(request)
        )

    @staticmethod
    def address(request):
        # Every absolute address on a page is the site's own (newsroom.middleware.SiteOriginMiddleware),
        # so the path and query alone say which page it is.
        return f"page:{hashlib.sha256(request.get_full_path().encode()).hexdigest()}"

    @staticmethod
    def lock(address):
        return cache.add(f"render:{address}", 1, timeout=settings.PAGE_RENDER_LOCK_SECONDS)

    @staticmethod
    def wait_for(address):
        """
        The page another worker is drawing, once it is kept and current: (page, next due); None when
        that worker is done without keeping one (something changed while it drew), or after a while.
        """
        deadline = time.monotonic() + settings.PAGE_RENDER_WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(WAIT_STEP)
            copy = cache.get(address)
            if isinstance(copy, Copy) and (check := copies.check(copy.keys, copy.started)).current:
                return copy.value, check.next_due
            if not cache.get(f"render:{address}"):
                return None
        return None

    def render(self, request, address):
        # Drawn uncompressed, so it can be kept once and compressed once (and parts filled in).
        accept_encoding = request.META.pop("HTTP_ACCEPT_ENCODING", None)
        log = copies.read_log()
        with keys.drawing(log.start, log):
            response = self.get_response(request)
        if accept_encoding is not None:
            request.META["HTTP_ACCEPT_ENCODING"] = accept_encoding
        drawn = getattr(response, "drawn", None)  # set by PublicCacheHeadersMiddleware
        if drawn is None or not self.storable(response):
            return self.gzip.process_response(request, response)
        page = self.page(response)
        if not drawn.current:
            # Something it shows changed while it was drawn: this reader gets it, nobody keeps it.
            return self.answer(request, page, drawn.next_due, current=False)
        cache.set(address, Copy(page, drawn.keys, drawn.started), settings.PAGE_CACHE_SECONDS)
        return self.answer(request, page, drawn.next_due)

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
    def page(response):
        body = response.content
        has_parts = INCLUDE.search(body) is not None
        return {
            "status": response.status_code,
            "headers": [(name, value) for name, value in response.items() if name.lower() not in PER_ANSWER],
            "body": body,
            "gz": None if has_parts else _compressed(body),
            "etag": response.get("ETag") or _etag(body),
            "has_parts": has_parts,
        }

    def answer(self, request, page, next_due, current=True):
        body, compressed, etag = page["body"], page["gz"], page["etag"]
        by_esi = page["has_parts"] and "ESI/1.0" in request.headers.get("Surrogate-Capability", "")
        if page["has_parts"] and not by_esi:
            body, compressed, etag = self.assembled(request, page)
        use_gzip = compressed is not None and "gzip" in request.headers.get("Accept-Encoding", "")
        response = HttpResponse(compressed if use_gzip else body, status=page["status"])
        for name, value in page["headers"]:
            response[name] = value
        response["ETag"] = f"W/{etag}" if use_gzip else etag
        if use_gzip:
            response["Content-Encoding"] = "gzip"
        patch_vary_headers(response, ("Accept-Encoding",))
        if current:
            edge_cache_headers(response, next_due, esi=by_esi)
        else:
            # Out of date (a moment ago) or drawn while something it shows changed: no shared cache keeps it.
            response["X-Page-Cache"] = "stale"
            patch_cache_control(response, max_age=0, s_maxage=0)
            response["Surrogate-Control"] = 'max-age=0, content="ESI/1.0"' if by_esi else "max-age=0"
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        return get_conditional_response(request, etag=response["ETag"], last_modified=last_modified, response=response)

    def assembled(self, request, page):
        """The page with its parts filled in: (body, gzip body, ETag), kept per version of the parts."""
        parts = {src: self.part(request, src.decode()) for src in set(INCLUDE.findall(page["body"]))}
        versions = hashlib.sha256(b"".join(src + etag.encode() for src, (_, etag) in sorted(parts.items())))
        name = f"assembled:{page['etag']}:{versions.hexdigest()}"
        if (kept := cache.get(name)) is not None:
            return kept
        body = INCLUDE.sub(lambda match: parts[match.group(1)][0], page["body"])
        kept = (body, _compressed(body), _etag(body))
        cache.set(name, kept, settings.PAGE_CACHE_SECONDS)
        return kept

    def part(self, request, src):
        """A part's body and ETag: its kept copy when current, else asked of this middleware as a request of its own."""
        path, _, query = src.partition("?")
        environ = _environ(request, path, query)
        environ.pop("HTTP_SURROGATE_CAPABILITY", None)
        response = self.serve(WSGIRequest(environ))
        if response.status_code != 200:
            return b"", ""
        return response.content, response.get("ETag", "")


def _from_the_edge(request):
    """Whether Varnish (which says it fills in ESI parts) is asking, rather than a reader."""
    return "ESI/1.0" in request.headers.get("Surrogate-Capability", "")


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


def _compressed(body):
    return compress_string(body) if len(body) >= 200 else None


def _etag(body):
    return f'"{hashlib.md5(body, usedforsecurity=False).hexdigest()}"'
