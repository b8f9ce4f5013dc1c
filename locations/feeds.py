from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from articles.models import Article

from .models import Location

ITEMS = 30


class PlaceFeed(Feed):
    """RSS of the newest public stories about a place or anywhere inside it."""

    def get_object(self, request, slug):
        return get_object_or_404(Location.objects.prefetch_related("members"), slug=slug)

    def title(self, place):
        return _("News from %(place)s") % {"place": place.name}

    def link(self, place):
        return place.get_absolute_url()

    def description(self, place):
        return _("The newest stories about %(place)s and the places inside it.") % {"place": place.full_name}

    def items(self, place):
        return Article.objects.published().about(place).for_listing()[:ITEMS]

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
