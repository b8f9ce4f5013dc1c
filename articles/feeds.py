from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from .models import Article, Tag
from .views import tag_redirect

ITEMS = 30


class StoryFeed(Feed):
    """What every story feed shares: public stories, newest first, with bylines and section."""

    def item_title(self, article):
        return article.headline

    def item_description(self, article):
        return article.standfirst

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.updated_at

    def item_author_name(self, article):
        return ", ".join(author.name for author in article.authors.all()) or None

    def item_categories(self, article):
        return [article.section.name] if article.section else []


class TagFeed(StoryFeed):
    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except Http404:
            redirect = tag_redirect(kwargs["slug"], "articles:tag_feed")
            if redirect is None:
                raise
            return redirect

    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def title(self, tag):
        return _("Stories about %(tag)s") % {"tag": tag.name}

    def link(self, tag):
        return tag.get_absolute_url()

    def description(self, tag):
        return _("The newest stories tagged %(tag)s.") % {"tag": tag.name}

    def items(self, tag):
        return Article.objects.published().filter(tags=tag).for_listing()[:ITEMS]
