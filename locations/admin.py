from django.contrib import admin

from .models import Location


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["name", "full_name", "kind", "population"]
    list_filter = ["kind"]
    ordering = ["full_name"]
    search_fields = ["name", "slug", "alternative_names"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent", "members"]
    readonly_fields = ["full_name"]
    fields = [
        "name",
        "slug",
        "kind",
        "parent",
        "full_name",
        "members",
        "alternative_names",
        ("latitude", "longitude"),
        "population",
    ]
