"""
The lists of stories filed under one thing: a tag, a section, a byline (and, in places.py, a
place). Everything a warm page of a list needs is kept until the list changes: the thing's own
row, the list's length, and each page's story ids (the cards are kept on their own), so such a
page reads nothing but where the purge log stands.
"""

from functools import partial

from django.conf import settings
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import ListView

from common.keys import list_of, show
from common.parts import kept

from .. import editions
from ..models import Article, Author, Section, Tag
from ..models.cards import card_stories
from ..pagination import LazyStories


class StoryListView(ListView):
    """A paginated list of public stories belonging to one object (tag, section, author, place)."""

    paginate_by = settings.ARTICLES_PER_PAGE
    context_object_name = "stories"
    object_queryset = None

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            if hasattr(self, "object"):
                raise  # The object exists; the page number was bad or it has no public stories.
            target = self.moved_to(kwargs["slug"])
            if target is None:
                raise
            return HttpResponsePermanentRedirect(target)

    def moved_to(self, slug):
        """Where an unknown slug now lives (the same in lower case; a merged tag, a place's other name), or None."""
        found = self.object_queryset.filter(slug=slug.lower()).first() if slug != slug.lower() else None
        return found.get_absolute_url() if found else None

    def get_object(self):
        """The thing's row, kept until it changes (its key, and those of what it brings, are recorded as they load)."""
        slug = self.kwargs["slug"]
        return kept(f"{self.object_queryset.model._meta.model_name}-row:{slug}", partial(self.read_object, slug))

    def read_object(self, slug):
        return get_object_or_404(self.object_queryset, slug=slug)

    def get_queryset(self):
        self.object = self.get_object()
        show(list_of(self.object))
        return LazyStories(lambda: self.filter_stories(Article.objects.published(get_language()).cards()))

    def filter_stories(self, stories):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(object=self.object, **kwargs)
        context["listing"] = StoryListing(list_of(self.object), context["page_obj"].number)
        if context["page_obj"].number > 1:
            editions.set_page_versions(self.request, context["page_obj"].number, self.has_page)
        return context

    def paginate_queryset(self, queryset, page_size):
        """The page's stories: their ids kept until a story joins or leaves the list, their cards kept on their own."""
        paginator, page, stories, is_paginated = super().paginate_queryset(queryset, page_size)
        key = list_of(self.object)

        def ids():
            show(key)
            return [(story.pk, story.hero_image_id) for story in page.object_list]

        page.object_list = card_stories(Article, kept(f"story-page:{key}:{page.number}", ids))
        return paginator, page, page.object_list, is_paginated

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        paginator.count = self.count(lambda: queryset)
        return paginator

    def count(self, stories):
        """
        How many stories the list has in this edition (`stories()` gives them). Counting a long list
        (Ukraine has every story) takes a while at scale: kept until a story joins or leaves the list.
        """
        key = list_of(self.object)

        def count():
            show(key)
            return stories().count()

        return kept(f"story-count:{key}", count)

    def has_page(self, language, number):
        """Whether the list has a page `number` in `language`'s edition."""
        with translation.override(language):
            count = self.count(lambda: self.filter_stories(Article.objects.published(language).cards()))
            return count > (number - 1) * self.paginate_by


class StoryListing:
    """
    A page of a list, kept whole as a part (includes/story_list.html): its cards and the links to
    the other pages, drawn again only when the list or a story on the page changes.
    """

    def __init__(self, list_key, number):
        self.list_key, self.key = list_key, f"{list_key}:{number}"

    def __bool__(self):
        return True  # a list's page is public: always kept

    def prepare(self):
        # Which stories it lists and how many pages there are were read by the view, outside the
        # part: said here. Each card records what it shows as it is drawn or found kept.
        show(self.list_key)


class TagView(StoryListView):
    """
    A tag's stories in this edition. A tag has a page only in an edition with a public story tagged
    with it; one grouped query tells both editions apart, kept until the tag's list changes.
    """

    object_queryset = Tag.objects.all()
    template_name = "articles/tag_detail.html"

    def moved_to(self, slug):
        tag = Tag.objects.moved_from(slug.lower())
        return super().moved_to(slug) or (tag.get_absolute_url() if tag else None)

    def get_queryset(self):
        stories = super().get_queryset()
        tag = self.object

        def editions_with_stories():
            show(list_of(tag))
            return set(Article.objects.published().filter(tags=tag).values_list("language", flat=True).distinct())

        languages = kept(f"tag-editions:{tag.pk}", editions_with_stories)
        if editions.current() not in languages:
            raise Http404(_("No published stories have this tag."))
        other = editions.others()[0]
        if other not in languages:
            # The switcher then searches the other edition for the tag's name.
            search = editions.in_edition(other, "articles:search") + "?" + urlencode({"q": tag.name})
            editions.set_versions(self.request, {editions.current(): self.request.get_full_path()}, {other: search})
        return stories

    def filter_stories(self, stories):
        return stories.filter(tags=self.object)


class SectionView(StoryListView):
    object_queryset = Section.objects.all()
    template_name = "articles/section_detail.html"

    def filter_stories(self, stories):
        return stories.filter(section=self.object)


class AuthorView(StoryListView):
    object_queryset = Author.objects.select_related("photo")
    template_name = "articles/author_detail.html"

    def filter_stories(self, stories):
        return stories.filter(authors=self.object)
