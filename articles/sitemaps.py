from datetime import timedelta

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Exists, Max, OuterRef
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from common import keys
from common.parts import kept
from locations.models import Location

from . import editions
from .models import Article, Author, PlaceIndex, Section, Status, Tag, TaggedArticle, public_q


def _modified(prefix=""):
    """Article.modified_at in SQL: the later of the publication and the last revision readers saw."""
    return Greatest(f"{prefix}published_at", Coalesce(f"{prefix}revised_at", f"{prefix}published_at"))


class LatestFromQuery:
    """The sitemap index's date for stories from two indexed queries, not from every story's lastmod()."""

    def get_latest_lastmod(self):
        published = self.stories().order_by("-published_at").values_list("published_at", flat=True).first()
        # The newest revisions by their own index, and the first of a public story among them.
        revised = Article.objects.filter(revised_at__isnull=False).order_by("-revised_at")
        now = timezone.now()
        revised_at = next(
            (
                at
                for at, status, out in revised.values_list("revised_at", "status", "published_at")[:50]
                if status == Status.PUBLISHED and out and out <= now
            ),
            None,
        )
        return max(filter(None, [published, revised_at]), default=None)


class ArticleSitemap(LatestFromQuery, Sitemap):
    changefreq = "daily"
    # Pages of 2,000 stories (Google takes up to 50,000): each renders in a fraction of a second.
    limit = 2_000

    def stories(self):
        return Article.objects.published()

    def items(self):
        return (
            self.stories()
            .with_translation()
            .select_related("hero_image")
            .only(
                "slug",
                "language",
                "translation_of",
                "published_at",
                "revised_at",
                "hero_image__id",
                "hero_image__file",
                "hero_image__rendition_token",
            )
            .order_by("-published_at", "-pk")
        )

    def lastmod(self, article):
        return article.modified_at

    def get_urls(self, page=1, site=None, protocol=None):
        """Each story's address, and its hero photo's social image (with_images.xml draws it)."""
        urls = super().get_urls(page, site, protocol)
        base = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        for url in urls:
            story = url["item"]
            image = story.hero_image
            url["image"] = base + image.social_url if image and image.rendition_token else ""
            # A story and its translation name each other (read in the same row: with_translation()).
            versions = story.language_versions()
            if len(versions) > 1:
                alternates = [{"lang_code": lang, "location": base + path} for lang, path in sorted(versions.items())]
                default = versions.get(editions.DEFAULT)
                url["alternates"] = [*alternates, {"lang_code": "x-default", "location": base + default}]
        return urls


class NewsSitemap(Sitemap):
    """
    Google News: stories of the last two days, at most 1,000 (its rules), and live coverage still
    going on, however long ago it began.
    """

    limit = 1000

    def stories(self):
        # Two indexed reads, not one OR that would read every story.
        public = Article.objects.published()
        recent = public.filter(published_at__gte=timezone.now() - timedelta(days=2)).order_by("-published_at", "-pk")
        live = public.filter(is_live=True, coverage_ended_at__isnull=True)
        ids = {*recent.values_list("pk", flat=True)[:1000], *live.values_list("pk", flat=True)[:1000]}
        return public.filter(pk__in=ids)

    def items(self):
        return self.stories().order_by("-published_at", "-pk")[:1000]

    def get_latest_lastmod(self):
        # Two days of stories at most: read their two dates rather than walk the revision index.
        dates = self.items().values_list("published_at", "revised_at")
        return max((date for pair in dates for date in pair if date), default=None)

    def lastmod(self, article):
        return article.modified_at


class EditionSitemap(Sitemap):
    """A sitemap of pages in either edition: each item is (language, slug, …), its page in that language."""

    url_name = None

    def location(self, item):
        return editions.in_edition(item[0], self.url_name, slug=item[1])


class TagSitemap(EditionSitemap):
    """Each tag's page in each edition with public stories tagged with it (its other page is a 404)."""

    changefreq = "daily"
    limit = 2_000
    url_name = "articles:tag"

    def items(self):
        """Tags with public stories, each dated by its newest publication: kept for the index and every page."""
        return kept("sitemap-tags", self.dated_tags)

    @staticmethod
    def dated_tags():
        """[(language, slug, newest publication)], in name order: plain values, quick to keep and to read back."""
        keys.show(keys.STORIES, keys.SITEMAP_LISTS)  # which tags have public stories, and when the newest went out
        public = TaggedArticle.objects.filter(public_q("content_object__"))
        latest = public.values("tag", "content_object__language").annotate(at=Max("content_object__published_at"))
        dates = {(row["tag"], row["content_object__language"]): row["at"] for row in latest}
        tags = Tag.objects.filter(pk__in={tag for tag, _language in dates}).values_list("pk", "slug", "name")
        slugs, names = {pk: slug for pk, slug, _ in tags}, {pk: name for pk, _, name in tags}
        items = sorted(dates.items(), key=lambda item: (names[item[0][0]], item[0][1]))
        return [(language, slugs[tag], at) for (tag, language), at in items]

    def lastmod(self, tag):
        return tag[2]

    def get_latest_lastmod(self):
        newest = Article.objects.published().filter(tagged_items__isnull=False).order_by("-published_at")
        return newest.values_list("published_at", flat=True).first()


class PlaceSitemap(EditionSitemap):
    changefreq = "daily"
    limit = 2_000
    url_name = "places:detail"

    def items(self):
        return kept("sitemap-places", self.places)

    @staticmethod
    def places():
        """(language, slug) of places with public stories in that edition, as plain values."""
        keys.show(keys.STORIES, keys.SITEMAP_LISTS)
        items = []
        for language in editions.LANGUAGES:
            public = PlaceIndex.objects.published(language).filter(location=OuterRef("pk"))
            slugs = Location.objects.filter(Exists(public)).order_by("path").values_list("slug", flat=True)
            items += [(language, slug) for slug in slugs]
        return items


class SectionSitemap(EditionSitemap):
    """Every section, in both editions: a section's page exists in each."""

    changefreq = "hourly"
    url_name = "articles:section"

    def items(self):
        slugs = Section.objects.values_list("slug", flat=True)
        return [(language, slug) for slug in slugs for language in editions.LANGUAGES]


class AuthorSitemap(EditionSitemap):
    changefreq = "weekly"
    url_name = "articles:author"

    def items(self):
        return kept("sitemap-authors", self.authors)

    @staticmethod
    def authors():
        """(language, slug) of bylines with public stories in that edition: from each edition's stories, read once."""
        keys.show(keys.STORIES, keys.SITEMAP_LISTS)
        items = []
        for language in editions.LANGUAGES:
            bylines = Article.authors.through.objects.filter(public_q("article__", language)).values("author")
            slugs = Author.objects.filter(pk__in=bylines).order_by("name", "pk").values_list("slug", flat=True)
            items += [(language, slug) for slug in slugs]
        return items


SITEMAPS = {
    "news": NewsSitemap,
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "places": PlaceSitemap,
    "authors": AuthorSitemap,
}


#: The sitemaps that list stories (their dates change with every edit of a public story).
STORY_SITEMAPS = {"news", "articles"}


def index(request, **kwargs):
    # Dated by the newest story of each sitemap: it changes with any public story's change.
    keys.show(keys.SITEMAPS, keys.STORIES, keys.SITEMAP_LISTS)
    return sitemap_views.index(request, **kwargs)


def sitemap(request, section, **kwargs):
    # A list's sitemap changes when stories join or leave lists, or a tag, place, byline or section is renamed.
    keys.show(keys.SITEMAPS if section in STORY_SITEMAPS else (keys.STORIES, keys.SITEMAP_LISTS))
    return sitemap_views.sitemap(request, section=section, **kwargs)
