"""
"Places mentioned" in the article form: the places the text names, most sure first, each with its
confidence and reasons; one click tags one, another dismisses it for this story for good.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from locations.detection import detect_in_article
from locations.models import Location

from ..models import Article


def suggestion(mention):
    """A suggestion as the form shows it (and as the detect view sends it to the form's script)."""
    return {
        "id": mention.location.pk,
        "name": mention.location.name,
        "label": str(mention.location),
        "count": mention.count,
        "names": mention.names,
        "confidence": round(mention.confidence * 100),
        "reasons": mention.reasons,
    }


class PlaceSuggestionsAdminMixin:
    def place_suggestion_urls(self):
        view = self.admin_site.admin_view
        return [
            path("detect-places/", view(self.detect_places_view), name="articles_article_detect_places"),
            path("<int:pk>/dismiss-place/", view(self.dismiss_place_view), name="articles_article_dismiss_place"),
        ]

    @admin.display(description=gettext_lazy("Places mentioned"))
    def place_suggestions(self, obj):
        mentions = detect_in_article(obj.headline, obj.standfirst, obj.body, language=obj.language) if obj.pk else []
        skipped = set(obj.locations.values_list("pk", flat=True)) if obj.pk else set()
        dismissed = list(obj.dismissed_places.order_by("name")) if obj.pk else []
        skipped |= {place.pk for place in dismissed}
        return render_to_string(
            "admin/articles/place_suggestions.html",
            {
                "suggestions": [suggestion(m) for m in mentions if m.location.pk not in skipped],
                "dismissed": dismissed,
                "url": reverse("admin:articles_article_detect_places"),
                "dismiss_url": reverse("admin:articles_article_dismiss_place", args=[obj.pk]) if obj.pk else "",
                "article_id": obj.pk or "",
            },
        )

    def detect_places_view(self, request):
        """The places the posted headline, standfirst and body mention, for the form's suggestion list."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        skipped = {int(pk) for pk in request.POST.getlist("chosen") if pk.isdigit()}
        article_id = request.POST.get("article", "")
        if article_id.isdigit():
            skipped |= set(Article.dismissed_places.through.objects.filter(article_id=article_id).values_list(
                "location_id", flat=True
            ))  # fmt: skip
        text = [request.POST.get(name, "") for name in ("headline", "standfirst", "body")]
        mentions = detect_in_article(*text, language=request.POST.get("language", ""))
        return JsonResponse({"places": [suggestion(m) for m in mentions if m.location.pk not in skipped]})

    def dismiss_place_view(self, request, pk):
        """Dismiss a suggested place for this story (or, with `undo`, offer it again)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = get_object_or_404(Article, pk=pk)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        place_id = request.POST.get("place", "")
        place = Location.objects.filter(pk=place_id).first() if place_id.isdigit() else None
        if place is None:
            raise Http404(_("No such place."))
        if request.POST.get("undo"):
            article.dismissed_places.remove(place)
        else:
            article.dismissed_places.add(place)
        dismissed = article.dismissed_places.order_by("name")
        return JsonResponse({"dismissed": [{"id": p.pk, "name": p.name, "label": str(p)} for p in dismissed]})
