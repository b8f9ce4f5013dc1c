"""
Caching for anonymous readers.

PublicCacheHeadersMiddleware (inside the stack, after authentication) marks what a shared cache may
keep: a reader page answered to someone not logged in gets `Cache-Control: public` with a short
browser lifetime, a longer one for a CDN (`s-maxage`), `stale-while-revalidate`, and a
Last-Modified time. Staff always get `private, no-cache`, and a page that set its own Cache-Control
(a preview) keeps it.

PageCacheMiddleware (near the top of the stack) keeps whole public pages for readers without a
session cookie, keyed by the news version, so any change a reader could see retires every page at
once. A hit skips everything below it, views and database included; the stored answer already
carries the security headers and the ETag the first request got, and 304s are answered here.
"""

import hashlib

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.core.cache import cache
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, parse_http_date_safe

from common import cachetags
from common.freshness import news_version


def _is_admin(request):
    return request.path_info.startswith(settings.ADMIN_PATH)


class PublicCacheHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _is_admin(request):
            return response
        if request.user.is_authenticated:
            # Staff may see previews and unpublished counts: nothing shared may keep their pages.
            patch_cache_control(response, private=True, no_cache=True)
        elif request.method in {"GET", "HEAD"} and response.status_code == 200 and "Cache-Control" not in response:
            patch_cache_control(response, public=True, **settings.PUBLIC_CACHE_CONTROL)
            if "Last-Modified" not in response:
                response["Last-Modified"] = http_date()
            if "Cache-Tag" not in response:
                # Feeds, sitemaps, search, the places index: lists that change with any story.
                cachetags.add(response, cachetags.STORIES)
        return response


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.applies(request):
            return self.get_response(request)
        key = self.key(request)
        cached = cache.get(key)
        if cached is not None:
            last_modified = parse_http_date_safe(cached.get("Last-Modified", ""))
            return get_conditional_response(
                request, etag=cached.get("ETag"), last_modified=last_modified, response=cached
            )
        response = self.get_response(request)
        if self.storable(response):
            cache.set(key, response, settings.PAGE_CACHE_SECONDS)
        return response

    @staticmethod
    def applies(request):
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method in {"GET", "HEAD"}
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not _is_admin(request)
        )

    @staticmethod
    def key(request):
        compressed = "gzip" in request.headers.get("Accept-Encoding", "")
        address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}|{compressed}"
        return f"page:{news_version()}:{hashlib.sha256(address.encode()).hexdigest()}"

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


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """
    django-csp's policy (settings.CONTENT_SECURITY_POLICY: nothing inline, nothing from elsewhere),
    and on admin pages inline styles too: the admin's widgets write styles as they run (select2's
    widths, the rich-text editor's own stylesheet, the calendar's position). Styles cannot run code;
    scripts stay limited to this site and, where a page asks for one, its nonce.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if _is_admin(request):
            parts.update = {**(parts.update or {}), "style-src": ["'unsafe-inline'"]}
        return parts

    def process_response(self, request, response):
        response = super().process_response(request, response)
        # django-csp writes the directives in a set's order, which differs between processes: put
        # them back in the settings' order, so every worker sends the same header.
        if policy := response.get("Content-Security-Policy"):
            order = list(settings.CONTENT_SECURITY_POLICY["DIRECTIVES"])
            directives = sorted(policy.split("; "), key=lambda part: _position(order, part.split(" ", 1)[0]))
            response["Content-Security-Policy"] = "; ".join(directives)
        return response


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
