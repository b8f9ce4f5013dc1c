"""RSS 2.0 and Atom feeds of public stories: the latest, and per section, tag, author and place."""

import logging

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponseNotAllowed, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.formats import date_format
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from common.keys import STORIES, list_of, posts_of, show
from locations.models import Location

from .models import Article, Author, LivePost, Section, Tag

logger = logging.getLogger(__name__)
ITEMS = 30
LIVE_ITEMS = 50


def notes_html(notes):
    """Corrections and updates as feed readers show them: kind, date and text, escaped."""
    return format_html_join(
        "",
        "<p><strong>{}</strong> ({}): {}</p>",
        (
            (note.get_kind_display(), date_format(timezone.localtime(note.published_at), "DATETIME_FORMAT"), note.text)
            for note in notes
        ),
    )


class SteadyDates:
    """
    A feed generator whose date when nothing in it has one is the feed's `quiet_since`, not the
    moment it is drawn (Django's fallback): the same feed drawn twice is the same document, so a
    kept copy is exactly what a fresh one would be.
    """

    def latest_post_date(self):
        if self.feed.get("quiet_since") and not any(i["pubdate"] or i["updateddate"] for i in self.items):
            return self.feed["quiet_since"]
        return super().latest_post_date()


class SteadyRssFeed(SteadyDates, Rss201rev2Feed):
    pass


class SteadyAtomFeed(SteadyDates, Atom1Feed):
    pass


class ReaderFeed(Feed):
    """
    A feed that answers GET and HEAD only and says which list it follows (common.keys): the rows it
    shows record their own keys as they are read. A feed of a tag, section, byline or place asked
    for under another casing of its slug, or an old name, leads to its own address (301).
    """

    #: The model of the thing the feed follows, and the feed's URL name, for those redirects.
    model = None
    url_name = None
    feed_type = SteadyRssFeed

    def __call__(self, request, *args, **kwargs):
        if request.method not in {"GET", "HEAD"}:
            return HttpResponseNotAllowed(["GET", "HEAD"])
        try:
            return super().__call__(request, *args, **kwargs)
        except Http404:
            found = self.moved_to(kwargs["slug"]) if "slug" in kwargs and self.model else None
            if found is None:
                raise
            return HttpResponsePermanentRedirect(reverse(self.url_name, kwargs={"slug": found.slug}))

    def get_object(self, request, slug=None):
        return get_object_or_404(self.model, slug=slug) if self.model else None

    def moved_to(self, slug):
        """What an unknown slug means: the same slug in lower case (its own name is checked for elsewhere)."""
        return self.model.objects.filter(slug=slug.lower()).first() if slug != slug.lower() else None

    def get_feed(self, obj, request):
        show(self.list_key(obj))
        return super().get_feed(obj, request)

    def list_key(self, obj):
        raise NotImplementedError

    def feed_extra_kwargs(self, obj):
        return {"quiet_since": self.quiet_since(obj)}

    def quiet_since(self, obj):
        """The feed's date while it has no entries (None: the moment it is drawn)."""
        return None


class StoryFeed(ReaderFeed):
    """
    What every story feed shares: public stories, newest first, bylines, section and hero photo.

    Feed readers render an RSS description and an Atom `type="html"` summary as HTML, so both are
    built here from escaped text: a reader shows exactly the words the story page shows, and a
    standfirst that looks like markup arrives as those characters, never as an element. Titles,
    Atom subtitles and author names are plain text by both formats' rules and stay unescaped
    (the XML writer escapes them once, as XML).
    """

    def list_key(self, obj):
        return list_of(obj) if obj else STORIES

    def item_link(self, article):
        return article.get_absolute_url()

    def item_title(self, article):
        return article.headline

    def description(self, obj=None):
        """The channel's RSS description: HTML to feed readers, so the plain `summary` is escaped."""
        return escape(self._get_dynamic_attr("summary", obj))

    def item_description(self, article):
        """The standfirst, then any corrections and updates, so feed readers see them too."""
        notes = notes_html(article.corrections.all())
        standfirst = format_html("<p>{}</p>", article.standfirst) if article.standfirst else ""
        return standfirst + notes

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.modified_at

    def item_author_name(self, article):
        return ", ".join(author.local_name for author in article.authors.all()) or None

    def item_categories(self, article):
        return [article.section.local_name] if article.section else []

    def item_enclosures(self, article):
        """The hero photo's social-size JPEG, as feed readers and aggregators expect."""
        image = article.hero_image
        sources = image.sources("social").get("jpg") if image else None
        if not sources:
            return []
        url = sources[0][0]
        name = image.rendition_prefix() + url.rsplit("/", 1)[-1]
        try:
            length = image.file.storage.size(name)
        except OSError:
            logger.warning("No size for rendition %s", name)
            length = 0
        return [Enclosure(settings.SITE_URL + url if url.startswith("/") else url, str(length), "image/jpeg")]


class AtomMixin:
    feed_type = SteadyAtomFeed

    def subtitle(self, obj=None):
        """Atom's subtitle is plain text: the summary as it is."""
        return self._get_dynamic_attr("summary", obj)


class LatestFeed(StoryFeed):
    def title(self):
        return settings.SITE_NAME

    def link(self):
        return reverse("articles:home")

    def summary(self):
        return _("The newest stories.")

    def items(self):
        return Article.objects.published(get_language()).for_feed()[:ITEMS]


class LatestAtomFeed(AtomMixin, LatestFeed):
    pass


class SectionFeed(StoryFeed):
    model, url_name = Section, "articles:section_feed"

    def title(self, section):
        return f"{section.local_name} | {settings.SITE_NAME}"

    def link(self, section):
        return section.get_absolute_url()

    def summary(self, section):
        return section.local_description or section.local_name

    def items(self, section):
        return Article.objects.published(get_language()).filter(section=section).for_feed()[:ITEMS]


class SectionAtomFeed(AtomMixin, SectionFeed):
    url_name = "articles:section_feed_atom"


class AuthorFeed(StoryFeed):
    model, url_name = Author, "articles:author_feed"

    def title(self, author):
        return _("Stories by %(name)s") % {"name": author.local_name}

    def link(self, author):
        return author.get_absolute_url()

    def summary(self, author):
        return author.local_bio or author.local_name

    def items(self, author):
        return Article.objects.published(get_language()).filter(authors=author).for_feed()[:ITEMS]


class AuthorAtomFeed(AtomMixin, AuthorFeed):
    url_name = "articles:author_feed_atom"


class TagFeed(StoryFeed):
    model, url_name = Tag, "articles:tag_feed"

    def moved_to(self, slug):
        """A merged or renamed tag's old address, in any casing."""
        return super().moved_to(slug) or Tag.objects.moved_from(slug.lower())

    def title(self, tag):
        return _("Stories about %(tag)s") % {"tag": tag.name}

    def link(self, tag):
        return tag.get_absolute_url()

    def summary(self, tag):
        return _("The newest stories tagged %(tag)s.") % {"tag": tag.name}

    def items(self, tag):
        return Article.objects.published(get_language()).filter(tags=tag).for_feed()[:ITEMS]


class TagAtomFeed(AtomMixin, TagFeed):
    url_name = "articles:tag_feed_atom"


class PlaceFeed(StoryFeed):
    """RSS of the newest public stories about a place or anywhere inside it."""

    model, url_name = Location, "places:feed"

    def get_object(self, request, slug):
        return get_object_or_404(Location.objects.prefetch_related("members"), slug=slug)

    def moved_to(self, slug):
        """A place asked for by another of its names (a former name, another spelling), in any casing."""
        return super().moved_to(slug) or Location.objects.known_as(slug.lower())

    def title(self, place):
        return _("News from %(place)s") % {"place": place.local_name_in("gent")}

    def link(self, place):
        return place.get_absolute_url()

    def summary(self, place):
        return _("The newest stories about %(place)s and the places inside it.") % {"place": place.local_name}

    def items(self, place):
        return Article.objects.about(place, get_language()).for_feed()[:ITEMS]


class PlaceAtomFeed(AtomMixin, PlaceFeed):
    url_name = "places:feed_atom"


class LivePostsFeed(ReaderFeed):
    """
    Atom: the newest posts of one live story. A post's content is its text as the live page shows
    it (sanitised on save, like a story's body), then its link and any corrections, escaped.
    """

    feed_type = SteadyAtomFeed

    def list_key(self, article):
        return posts_of(article.pk)

    def quiet_since(self, article):
        return article.coverage_started_at or article.published_at

    def get_object(self, request, slug):
        return get_object_or_404(Article.objects.published(get_language()), slug=slug, is_live=True)

    def title(self, article):
        return _("Live: %(headline)s") % {"headline": article.headline}

    def link(self, article):
        return article.get_absolute_url()

    def subtitle(self, article):
        return article.standfirst or article.headline

    def items(self, article):
        posts = article.live_posts.filter(status=LivePost.Status.PUBLISHED).order_by("-number").for_timeline()
        posts = list(posts[:LIVE_ITEMS])
        for post in posts:
            post.article = article
        return posts

    def item_title(self, post):
        return post.summary(110)

    def item_link(self, post):
        return post.get_absolute_url()

    def item_description(self, post):
        link = format_html('<p><a href="{}">{}</a></p>', post.link, post.link_text or post.link) if post.link else ""
        notes = notes_html(post.corrections.all())
        return mark_safe(post.body_html) + link + notes  # noqa: S308 (sanitised by LivePost.save)

    def item_pubdate(self, post):
        return post.published_at

    def item_updateddate(self, post):
        # When readers saw it change (an edit or a note after it went out), else when it went out: the
        # feed's own <updated> is its newest entry's.
        return post.revised_at or post.published_at

    def item_author_name(self, post):
        return ", ".join(author.local_name for author in post.authors.all()) or None
