from datetime import timedelta

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, Max, OuterRef
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from locations.models import Location

from .models import Article, Author, PlaceIndex, Section, Tag, public_q


def _modified(prefix=""):
    """Article.modified_at in SQL: the later of the publication and the last revision readers saw."""
    return Greatest(f"{prefix}published_at", Coalesce(f"{prefix}revised_at", f"{prefix}published_at"))


class ArticleSitemap(Sitemap):
    changefreq = "daily"
    limit = 50_000

    def items(self):
        return Article.objects.published().select_related("hero_image").order_by("-published_at", "-pk")

    def lastmod(self, article):
        return article.modified_at


class NewsSitemap(Sitemap):
    """Google News: stories of the last two days, at most 1,000 (its rules)."""

    limit = 1000

    def items(self):
        since = timezone.now() - timedelta(days=2)
        return Article.objects.published().filter(published_at__gte=since).order_by("-published_at")[:1000]

    def lastmod(self, article):
        return article.modified_at


class TagSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        public = Article.objects.published().filter(tags=OuterRef("pk"))
        return (
            Tag.objects.filter(Exists(public))
            .annotate(
                lastmod=Max(
                    _modified("tagged_articles__content_object__"), filter=public_q("tagged_articles__content_object__")
                )
            )
            .order_by("name")
        )

    def lastmod(self, tag):
        return tag.lastmod


class PlaceSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        public = PlaceIndex.objects.published().filter(location=OuterRef("pk"))
        return Location.objects.filter(Exists(public)).order_by("path")


class SectionSitemap(Sitemap):
    changefreq = "hourly"

    def items(self):
        return Section.objects.all()


class AuthorSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        public = Article.objects.published().filter(authors=OuterRef("pk"))
        return Author.objects.filter(Exists(public)).order_by("name")


SITEMAPS = {
    "news": NewsSitemap,
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "places": PlaceSitemap,
    "authors": AuthorSitemap,
}
