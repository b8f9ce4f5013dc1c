from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django.views.static import serve

from articles import sitemaps
from articles.sitemaps import SITEMAPS
from newsroom import views

handler404 = "newsroom.views.page_not_found"
handler500 = "newsroom.views.server_error"

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        require_safe(sitemaps.index),
        {"sitemaps": SITEMAPS},
        name="sitemap_index",
    ),
    path(
        "sitemap-news.xml",
        require_safe(sitemaps.sitemap),
        {"sitemaps": SITEMAPS, "section": "news", "template_name": "sitemaps/news.xml"},
        name="sitemap_news",
    ),
    path(
        "sitemap-<section>.xml",
        require_safe(sitemaps.sitemap),
        {"sitemaps": SITEMAPS, "template_name": "sitemaps/with_images.xml"},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path(settings.ADMIN_PATH.lstrip("/"), admin.site.urls),
    path("health/", views.health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),  # the admin's language choice (set_language)
]
if settings.EMAIL_BACKEND.startswith("anymail."):
    # Bounces and complaints from the sending service (newsletters/bounces.py), behind
    # ANYMAIL_WEBHOOK_SECRET; with an SMTP server there is nobody to report them (and no need to
    # load anymail's webhooks, 20 MB a worker).
    urlpatterns.append(path("anymail/", include("anymail.urls")))
# Readers' pages, once per edition: English at the root, Ukrainian under /uk/.
urlpatterns += i18n_patterns(
    path("places/", include("articles.place_urls")),
    path("newsletter/", include("newsletters.urls")),
    path("", include("articles.urls")),
    prefix_default_language=False,
)

if settings.SERVE_MEDIA:
    # Only renditions: originals may keep their metadata and are never handed to readers.
    prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns.append(
        re_path(
            rf"^{prefix}renditions/(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT / "renditions"},
        )
    )

admin.site.site_header = format_lazy(_("{site} newsroom"), site=settings.SITE_NAME)
admin.site.site_title = settings.SITE_NAME
admin.site.index_title = _("Newsroom")
