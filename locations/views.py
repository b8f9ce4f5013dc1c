from django.http import Http404, HttpResponsePermanentRedirect
from django.views.generic import ListView

from collections import defaultdict

from articles.models import Article
from articles.views import StoryListView

from .maps import map_for_place
from .models import PATH_SEPARATOR, Location


class LocationView(StoryListView):
    """A place's page: stories about it or anywhere inside it."""

    object_queryset = Location.objects.prefetch_related("members", "areas")
    template_name = "locations/location_detail.html"

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            if hasattr(self, "object"):
                raise  # The place exists; the page number was bad.
            place = Location.objects.known_as(kwargs["slug"])
            if place is None:
                raise
            # /places/slovyansk/ and /places/kiev/ lead to the place under its own name.
            return HttpResponsePermanentRedirect(place.get_absolute_url())

    def filter_stories(self, stories):
        return stories.about(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["ancestors"] = ancestors = self.object.ancestors()
        context["child_places"] = self.child_places_with_stories()
        context["map"] = map_for_place(self.object, ancestors)
        return context

    def child_places_with_stories(self):
        """Places directly inside this one that have public stories, each with its story count."""
        place = self.object
        children = list(place.members.all()) if place.kind == Location.Kind.AREA else None
        tagged = (
            Article.locations.through.objects.filter(article__in=Article.objects.published())
            .filter(place.subtree_q(prefix="location__"))
            .exclude(location=place)
            .values_list("location__path", "article_id")
            .distinct()
        )
        stories = defaultdict(set)
        if children is not None:
            for path, article_id in tagged:
                for child in children:
                    if path.startswith(child.path):
                        stories[child.pk].add(article_id)
        else:
            depth = place.path.count(PATH_SEPARATOR) - 1
            for path, article_id in tagged:
                stories[int(path.strip(PATH_SEPARATOR).split(PATH_SEPARATOR)[depth])].add(article_id)
            children = Location.objects.filter(pk__in=list(stories)) if stories else []
        counted = [(child, len(stories[child.pk])) for child in children if stories[child.pk]]
        return sorted(counted, key=lambda item: (-item[1], item[0].name))


class LocationIndexView(ListView):
    """Every country with its regions and the informal areas, for browsing by place."""

    template_name = "locations/location_list.html"
    context_object_name = "places"

    def get_queryset(self):
        return Location.objects.top_level().prefetch_related("children")
