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
import secrets

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


class SecurityHeadersMiddleware:
    """
    The headers Django does not set itself: a strict Content-Security-Policy (no inline scripts or
    styles anywhere, nothing from other origins except the photo host NEWSROOM_CSP_MEDIA_ORIGIN)
    and a Permissions-Policy turning off what a news site never uses.

    Admin pages get a fresh nonce in `request.csp_nonce` and in their script-src: the rich-text
    editor's import map is an inline <script type="importmap"> and carries it (see
    articles.admin.ArticleAdmin.render_change_form); their widgets may also write inline styles.
    Reader pages have neither: nothing inline runs or styles them.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.CONTENT_SECURITY_POLICY
        self.permissions = settings.PERMISSIONS_POLICY

    def __call__(self, request):
        policy = self.policy
        if _is_admin(request):
            request.csp_nonce = secrets.token_urlsafe(16)
            policy = policy.replace("script-src 'self'", f"script-src 'self' 'nonce-{request.csp_nonce}'")
            # The admin's widgets write styles as they run (select2's widths, the rich-text editor's
            # own stylesheet, the calendar's position): allowed there, and only there. Styles
            # cannot run code; scripts stay limited to this site and the nonce.
            policy = policy.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("Permissions-Policy", self.permissions)
        return response
