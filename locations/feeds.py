from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from articles.feeds import ITEMS, AtomMixin, StoryFeed
from articles.models import Article

from .models import Location


class PlaceFeed(StoryFeed):
    """RSS of the newest public stories about a place or anywhere inside it."""

    def get_object(self, request, slug):
        return get_object_or_404(Location.objects.prefetch_related("members"), slug=slug)

    def title(self, place):
        return _("News from %(place)s") % {"place": place.name}

    def link(self, place):
        return place.get_absolute_url()

    def summary(self, place):
        return _("The newest stories about %(place)s and the places inside it.") % {"place": place.full_name}

    def items(self, place):
        return Article.objects.published().about(place).for_feed()[:ITEMS]


class PlaceAtomFeed(AtomMixin, PlaceFeed):
    pass
