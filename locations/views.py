from django.http import Http404, HttpResponsePermanentRedirect
from django.views.generic import ListView

from articles.models import Article
from articles.views import StoryListView

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
        context["ancestors"] = self.object.ancestors()
        context["child_places"] = self.child_places_with_stories()
        return context

    def child_places_with_stories(self):
        """Direct children of this place that have public stories somewhere inside them."""
        place = self.object
        if place.kind == Location.Kind.AREA:
            return list(place.members.all())
        tagged_paths = (
            Article.locations.through.objects.filter(
                article__in=Article.objects.published(),
                location__path__startswith=place.path,
            )
            .exclude(location=place)
            .values_list("location__path", flat=True)
            .distinct()
        )
        depth = place.path.count(PATH_SEPARATOR) - 1
        child_ids = {int(path.strip(PATH_SEPARATOR).split(PATH_SEPARATOR)[depth]) for path in tagged_paths}
        if not child_ids:
            return []
        return list(Location.objects.filter(pk__in=child_ids).order_by("-population", "name"))


class LocationIndexView(ListView):
    """Every country with its regions and the informal areas, for browsing by place."""

    template_name = "locations/location_list.html"
    context_object_name = "places"

    def get_queryset(self):
        return Location.objects.top_level().prefetch_related("children")
