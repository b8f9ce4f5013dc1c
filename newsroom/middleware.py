"""
Headers for caches and browsers, the site's own origin, and the security headers.

PublicCacheHeadersMiddleware (inside the stack, after authentication) records what a reader's
answer shows while it is drawn (common.keys) and marks what a shared cache may keep: an answer to
someone not logged in gets `Cache-Control: public` with a short browser lifetime, a longer one for
a CDN (`s-maxage`), a Last-Modified time and its surrogate keys. Staff always get `private,
no-cache`; an answer that is not a page (a 404, a redirect) is kept by no cache; and a page that
set its own Cache-Control (a preview) keeps it. The page cache itself is newsroom.pagecache.
"""

import re
import time
from typing import NamedTuple
from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from common import copies, keys, parts


def is_admin(request):
    return request.path_info.startswith(settings.ADMIN_PATH)


class SiteOriginMiddleware:
    """
    Readers' pages are drawn for the site's own origin (settings.SITE_URL): every absolute address
    on them (canonical, og:url, JSON-LD, feeds, sitemaps, hreflang, robots.txt) is the site's,
    whatever Host, X-Forwarded-Proto or X-Forwarded-Host a request carries, so no request can make
    a kept copy name another origin. The request's own host is still checked against ALLOWED_HOSTS
    first. The admin keeps the request's own origin (its forms check it).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        origin = urlsplit(settings.SITE_URL)
        self.scheme, self.host = origin.scheme, origin.netloc

    def __call__(self, request):
        if not is_admin(request):
            request.get_host()  # a host the site does not answer to is refused here (400)
            for forwarded in ("HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST", "HTTP_FORWARDED"):
                request.META.pop(forwarded, None)
            request.META["HTTP_HOST"] = self.host
            request.META["wsgi.url_scheme"] = self.scheme
        return self.get_response(request)


def edge_cache_headers(response, next_due=None, esi=False):
    """
    How long browsers and edge caches may keep a public answer: never past the moment the next
    scheduled purge is due (`next_due`, a Unix time: so lists show a scheduled story on time with
    no purge), and, where the site purges an edge cache, as long as EDGE_CACHE_SECONDS there
    (Surrogate-Control, which Varnish reads and drops). `esi`: the answer leaves parts for the edge
    cache to fill in.
    """
    if "public" not in response.get("Cache-Control", ""):
        return response
    until_due = None if next_due is None else max(next_due - time.time(), 0)
    cap = (lambda seconds: seconds) if until_due is None else (lambda seconds: max(1, min(seconds, int(until_due))))
    # A view may ask for less than the settings' lifetimes (a live page's poll): the shorter wins.
    s_maxage = settings.PUBLIC_CACHE_CONTROL["s_maxage"]
    if found := re.search(r"s-maxage=(\d+)", response.get("Cache-Control", "")):
        s_maxage = min(s_maxage, int(found.group(1)))
    patch_cache_control(
        response,
        max_age=cap(settings.PUBLIC_CACHE_CONTROL["max_age"]),
        s_maxage=cap(s_maxage),
    )
    surrogate = []
    if settings.EDGE_CACHE_SECONDS:
        surrogate.append(f"max-age={cap(settings.EDGE_CACHE_SECONDS)}")
    if esi:
        surrogate.append('content="ESI/1.0"')
    if surrogate:
        response["Surrogate-Control"] = ", ".join(surrogate)
    return response


class Drawn(NamedTuple):
    """What a reader's page showed while it was drawn, and whether it is still current now it is done."""

    keys: list
    started: copies.Start
    current: bool
    next_due: float | None


class PublicCacheHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_admin(request) or request.method not in {"GET", "HEAD"} or request.user.is_authenticated:
            response = self.get_response(request)
            if not is_admin(request) and request.user.is_authenticated:
                # Staff may see previews and unpublished counts: nothing shared may keep their pages.
                patch_cache_control(response, private=True, no_cache=True)
            return response
        outer = keys.current()
        log = outer.log if outer and outer.started else copies.read_log()
        path = request.get_full_path()
        with keys.drawing(outer.started if outer and outer.started else log.start, log) as frame:
            parts.look_up_used(path)
            response = self.get_response(request)
            if response.status_code == 200:
                parts.remember_used(path)
        if response.status_code != 200:
            # A 404, a redirect, an error: no cache keeps it, so nothing has to purge it.
            patch_cache_control(response, no_cache=True, max_age=0)
        elif _shareable(response):
            self.mark_public(response, frame)
        return response

    def mark_public(self, response, frame):
        # A lifetime the view set itself is kept (edge_cache_headers still caps s-maxage).
        own = response.get("Cache-Control", "")
        lifetimes = {
            name: value
            for name, value in settings.PUBLIC_CACHE_CONTROL.items()
            if name == "max_age" or name.replace("_", "-") + "=" not in own
        }
        patch_cache_control(response, public=True, **lifetimes)
        if "Last-Modified" not in response and "ETag" not in response:
            # A view that gave its own ETag (a live page's poll) is revalidated by it alone.
            response["Last-Modified"] = http_date()
        shown = [*frame.keys, keys.SITE]
        response["Cache-Tag"] = ",".join(dict.fromkeys(shown))
        response["Surrogate-Key"] = " ".join(dict.fromkeys(shown))
        check = copies.check(shown, frame.started, copies.read_log())
        response.drawn = Drawn(list(dict.fromkeys(shown)), frame.started, check.current, check.next_due)
        edge_cache_headers(response, check.next_due)
        if not check.current:
            # Something it shows changed while it was drawn: this reader gets it, no cache keeps it.
            patch_cache_control(response, max_age=0, s_maxage=0)
            response["Surrogate-Control"] = "max-age=0"


def _shareable(response):
    """A page that set no Cache-Control, or one that asked for a public one of its own lifetimes."""
    return "Cache-Control" not in response or "public" in response["Cache-Control"]


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """
    django-csp's policy (settings.CONTENT_SECURITY_POLICY: nothing inline, nothing from elsewhere),
    and on admin pages inline styles too: the admin's widgets write styles as they run (select2's
    widths, the rich-text editor's own stylesheet, the calendar's position). Styles cannot run code;
    scripts stay limited to this site and, where a page asks for one, its nonce.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if is_admin(request):
            parts.update = {**(parts.update or {}), "style-src": ["'unsafe-inline'"]}
        return parts

    #: Per-response settings django-csp's decorators leave on a response.
    OVERRIDES = ("_csp_config", "_csp_update", "_csp_replace", "_csp_exempt")
    reader_policy = None

    def process_response(self, request, response):
        if "Content-Security-Policy" in response:
            return response
        if not is_admin(request) and request.csp_nonce.__bool__() is False and not self._overridden(response):
            # A reader page: no nonce, no exception, always the same policy, built once per process.
            if self.reader_policy is None:
                type(self).reader_policy = self._ordered(super().process_response(request, HttpResponse()))
            if not (settings.DEBUG and response.status_code in {404, 500}):  # as django-csp: Django's debug pages
                response["Content-Security-Policy"] = self.reader_policy
            return response
        return self._ordered_response(super().process_response(request, response))

    def _overridden(self, response):
        return any(hasattr(response, name) for name in self.OVERRIDES)

    def _ordered_response(self, response):
        if response.get("Content-Security-Policy"):
            response["Content-Security-Policy"] = self._ordered(response)
        return response

    @staticmethod
    def _ordered(response):
        # django-csp writes the directives in a set's order, which differs between processes: put
        # them back in the settings' order, so every worker sends the same header.
        order = list(settings.CONTENT_SECURITY_POLICY["DIRECTIVES"])
        directives = response["Content-Security-Policy"].split("; ")
        return "; ".join(sorted(directives, key=lambda part: _position(order, part.split(" ", 1)[0])))


def _position(order, directive):
    return order.index(directive) if directive in order else len(order)


class PermissionsPolicyMiddleware:
    """A Permissions-Policy turning off what a news site never uses (camera, microphone, location…)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions = settings.PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.permissions)
        return response


class EditionMiddleware:
    """
    The edition is the address: /uk/… is the Ukrainian edition, everything else the English one.
    Readers are never sent elsewhere by their browser's languages, so every address is one page
    for caches and crawlers alike (Django's LocaleMiddleware would add `Vary: Accept-Language`).
    The admin, which no cache keeps, speaks the language the editor chose (the language cookie),
    else the browser's.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        admin = is_admin(request)
        if admin:
            language = translation.get_language_from_request(request)
        else:
            language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        # The language is the request's alone: the thread goes back to its own afterwards.
        with translation.override(language):
            request.LANGUAGE_CODE = translation.get_language()
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        if admin:
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response
