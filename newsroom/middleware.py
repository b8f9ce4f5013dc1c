"""
Headers for caches and browsers, and the security headers.

PublicCacheHeadersMiddleware (inside the stack, after authentication) marks what a shared cache may
keep: a reader page answered to someone not logged in gets `Cache-Control: public` with a short
browser lifetime, a longer one for a CDN (`s-maxage`), `stale-while-revalidate`, a Last-Modified
time and the tags of what it shows (see common.cachetags). Staff always get `private, no-cache`,
and a page that set its own Cache-Control (a preview) keeps it. The page cache itself is
newsroom.pagecache.
"""

import re

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from common import cachetags, freshness


def is_admin(request):
    return request.path_info.startswith(settings.ADMIN_PATH)


def edge_cache_headers(response, esi=False):
    """
    How long browsers and edge caches may keep a public answer: never past the moment the next
    scheduled story goes out (so lists show it on time with no purge), and, where the site purges
    an edge cache, as long as EDGE_CACHE_SECONDS there (Surrogate-Control, which Varnish reads and
    drops). `esi`: the answer leaves parts for the edge cache to fill in.
    """
    if "public" not in response.get("Cache-Control", ""):
        return response
    until_due = freshness.seconds_until_due()
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


class PublicCacheHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_admin(request):
            return response
        if request.user.is_authenticated:
            # Staff may see previews and unpublished counts: nothing shared may keep their pages.
            patch_cache_control(response, private=True, no_cache=True)
        elif request.method in {"GET", "HEAD"} and response.status_code == 200 and _shareable(response):
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
            if "Cache-Tag" not in response:
                # A page that did not say what it shows is retired with any change to the lists.
                cachetags.add(response, cachetags.STORIES)
            cachetags.add(response, cachetags.shown(request))  # the parts it drew (story cards)
            if response.get("Content-Type", "").startswith("text/html") and getattr(response, "shows_menu", True):
                cachetags.add(response, cachetags.SECTIONS)  # the section menu
            cachetags.add(response, cachetags.SITE)
            edge_cache_headers(response)
        return response


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
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        if admin:
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response
