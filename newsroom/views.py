import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.urls import reverse
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from articles import editions

logger = logging.getLogger(__name__)


@require_safe
def robots_txt(request):
    """
    Crawlers may read everything public; the admin is none of their business, nor are the answers
    to live pages' polls (parts of a page, not pages).
    """
    sitemap = settings.SITE_URL + reverse("sitemap_index")
    # A moved admin stays unnamed here; the default one is no secret.
    hidden = ["Disallow: /admin/"] if settings.ADMIN_PATH == "/admin/" else []
    polls = ["Disallow: /*/live/?after="]
    lines = ["User-agent: *", *hidden, *polls, f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@never_cache
@require_safe
def health(request):
    """
    For load balancers: the process answers. It touches nothing else, so `make bench` also uses it
    as the framework's floor.
    """
    return HttpResponse("ok\n", content_type="text/plain")


def page_not_found(request, exception):
    """The 404 page. This address has no twin in the other edition: the switcher offers its home page."""
    editions.set_versions(request, {})
    return defaults.page_not_found(request, exception)


#: How long a reader (or a crawler, or a CDN) should wait before asking again when the database is out of reach.
RETRY_AFTER_SECONDS = 30


def server_error(request):
    """
    The 500 page; but when the database is locked or briefly gone, a 503 with Retry-After: the
    problem is passing, and crawlers and CDNs know to come back (a CDN serves its stale copy).
    Nothing here touches the database.
    """
    exception = sys.exc_info()[1]
    if isinstance(exception, (OperationalError, InterfaceError)):
        logger.warning("Database unavailable, answered 503: %s", exception)
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())
