"""Place pages: the stories about a place or anywhere inside it, and the index of places."""

from django.db.models import Count
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import ListView

from common.i18n import collation_key
from common.keys import PLACES, list_of, posts_about, show
from common.parts import kept
from locations.maps import map_for_place
from locations.models import HOME_COUNTRY, Location

from .. import structured_data
from ..models import LivePost, PlaceIndex
from .lists import StoryListView

#: How many places inside a place its page lists (the busiest); the rest are summed up.
CHILD_PLACES_SHOWN = 24
#: Live posts a place's page lists, newest first.
LIVE_POSTS_SHOWN = 5
#: Counts are kept until the place's list of stories changes; this is a backstop.
CHILD_COUNTS_SECONDS = 3600


class PlaceStories:
    """
    A place's public stories, newest first, for the paginator. A page is chosen in the place index
    alone (an index-only walk, even at page 1,000 of Ukraine) and only its stories are read, in one
    query. The count comes from LocationView.get_paginator.
    """

    def __init__(self, place, stories):
        self.index = (
            PlaceIndex.objects.published(get_language()).filter(location=place).order_by("-published_at", "-article")
        )
        self.stories = stories

    def count(self):
        return self.index.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, page):
        ids = self.index.values("article")[page]
        return self.stories.filter(pk__in=ids).order_by("-published_at", "-pk")


class LocationView(StoryListView):
    """A place's page: stories about it or anywhere inside it."""

    object_queryset = Location.objects.prefetch_related("members", "areas")
    template_name = "locations/location_detail.html"

    def moved_to(self, slug):
        # /places/Kyiv/, /places/slovyansk/ and /places/kiev/ lead to the place under its own name.
        place = Location.objects.known_as(slug.lower())
        return super().moved_to(slug) or (place.get_absolute_url() if place else None)

    def read_object(self, slug):
        # The places above it come with it (the breadcrumbs, the map), kept until the hierarchy changes.
        show(PLACES)
        place = super().read_object(slug)
        place.ancestor_places = place.ancestors()
        return place

    def filter_stories(self, stories):
        return PlaceStories(self.object, stories)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        ancestors = self.object.ancestor_places
        # The header (breadcrumbs, areas, map, the form to follow the place) and the places inside
        # are kept parts: drawn again only when the places, or the list the counts come from, change.
        context["header"] = PlaceHeader(self.object)
        context["children"] = PlaceChildren(self)
        context["live_posts"] = self.live_posts()
        trail = [(_("Home"), reverse("articles:home"))] + [(p.local_name, p.get_absolute_url()) for p in ancestors]
        trail.append((self.object.local_name, self.object.get_absolute_url()))
        place = {"@context": "https://schema.org", **structured_data.place_ld(self.request, self.object)}
        context["structured_data"] = [place, structured_data.breadcrumbs(self.request, trail)]
        return context

    def live_posts(self):
        """The newest live posts about this place or anywhere inside it, only on the first page."""
        if self.request.GET.get("page") not in (None, "", "1"):
            return []
        place = self.object

        def newest():
            show(posts_about(place.pk), PLACES)  # which places lie inside it decides which posts are about it
            posts = LivePost.objects.about(place, get_language()).select_related("article")
            return list(posts[:LIVE_POSTS_SHOWN])

        # Kept until a post about the place (or a place inside it) changes: most places have none.
        return kept(f"place-live:{place.pk}", newest)

    def get_queryset(self):
        show(PLACES)  # the places above and inside it, and its areas, are named on the page
        return super().get_queryset()

    def rank_children(self):
        """The busiest places directly inside this one, with their public story counts, and how many there are."""
        counts = self._count_children()
        place = self.object
        if not counts:
            return [], 0
        if place.kind == Location.Kind.AREA:
            children = [member for member in place.members.all() if member.pk in counts]
        else:
            # Only the busiest are shown, so only they are fetched.
            busiest = sorted(counts, key=lambda pk: -counts[pk])[:CHILD_PLACES_SHOWN]
            children = list(Location.objects.filter(pk__in=busiest))
        show(children)  # their names are shown, rows read here or not (an area's members come with it)
        ranked = sorted(
            ((child, counts[child.pk]) for child in children), key=lambda item: (-item[1], item[0].local_name)
        )
        return ranked[:CHILD_PLACES_SHOWN], len(counts)

    def _count_children(self):
        place = self.object
        inside = PlaceIndex.objects.published(get_language())
        if place.kind == Location.Kind.AREA:
            inside = inside.filter(location__areas=place)
        else:
            inside = inside.filter(location__parent=place)
        return dict(
            inside.values_list("location").annotate(stories=Count("article")).values_list("location", "stories")
        )


class PlaceHeader:
    """What a place page's kept header shows: the places above it, its areas, its map and the form to follow it."""

    def __init__(self, place):
        self.place = place

    def __bool__(self):
        return True  # a place's page is public: its header is always kept

    def prepare(self):
        # The place's row, with the places above it, may come from its own kept copy: said here.
        place = self.place
        show(place, place.ancestor_places, place.areas.all(), place.members.all(), PLACES)

    @property
    def map(self):
        return map_for_place(self.place, self.place.ancestor_places)


class PlaceChildren:
    """
    The busiest places directly inside a place, with their public story counts, for its page's
    kept part: counting every story of Ukraine by oblast takes a while at scale, so the part is
    drawn again only when the place's list of stories changes (or CHILD_COUNTS_SECONDS at most).
    """

    seconds = CHILD_COUNTS_SECONDS

    def __init__(self, view):
        self.view = view

    def __bool__(self):
        return True

    def prepare(self):
        place = self.view.object  # named in the part's heading
        show(place, list_of(place), PLACES)

    @cached_property
    def ranked(self):
        """[(place, count)] of the busiest places inside, and how many such places there are in all."""
        return self.view.rank_children()

    @property
    def shown(self):
        return self.ranked[0]

    @property
    def more(self):
        shown, total = self.ranked
        return total - len(shown)


class LocationIndexView(ListView):
    """Every country with its regions and the informal areas, for browsing by place."""

    template_name = "locations/location_list.html"
    context_object_name = "places"

    def get_queryset(self):
        """The countries, the home country first, each with its places, in the alphabetical order of the edition."""
        show(PLACES)
        countries = sorted(
            Location.objects.top_level().prefetch_related("children"),
            key=lambda country: (country.slug != HOME_COUNTRY, collation_key(country.local_name)),
        )
        for country in countries:
            country.places = sorted(country.children.all(), key=lambda place: collation_key(place.local_name))
        return countries
