from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@require_safe
def robots_txt(request):
    """Crawlers may read everything public; the admin is none of their business."""
    sitemap = request.build_absolute_uri(reverse("sitemap_index"))
    # A moved admin stays unnamed here; the default one is no secret.
    hidden = ["Disallow: /admin/"] if settings.ADMIN_PATH == "/admin/" else []
    lines = ["User-agent: *", *hidden, f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@never_cache
@require_safe
def health(request):
    """
    For load balancers: the process answers. It touches nothing else, so `make bench` also uses it
    as the framework's floor.
    """
    return HttpResponse("ok\n", content_type="text/plain")
