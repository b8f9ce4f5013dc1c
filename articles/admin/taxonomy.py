"""Bylines, sections and tags in the admin (tags with merge and review)."""

from django.contrib import admin, messages
from django.db.models import Count, Max
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from taggit import models as taggit_models

from ..forms import TagAdminForm
from ..models import Author, Section, Tag
from ..tag_merge import merge_tags


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "user"]
    list_select_related = ["user"]
    search_fields = ["name", "role", "bio"]
    list_filter = ["role"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["photo"]
    raw_id_fields = ["user"]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    list_filter = []
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    form = TagAdminForm
    list_display = ["name", "slug", "story_count", "last_used", "needs_review"]
    list_filter = ["needs_review"]
    search_fields = ["name", "slug", "key"]
    actions = ["merge_tags", "mark_reviewed"]
    list_per_page = 100

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                story_count=Count("tagged_articles", distinct=True),
                last_used_at=Max("tagged_articles__content_object__published_at"),
            )
        )

    @admin.display(description=_("Stories"), ordering="story_count")
    def story_count(self, tag):
        return tag.story_count

    @admin.display(description=_("Last used"), ordering="last_used_at")
    def last_used(self, tag):
        return tag.last_used_at

    @admin.action(description=_("Mark selected tags as reviewed"), permissions=["change"])
    def mark_reviewed(self, request, queryset):
        count = queryset.update(needs_review=False)
        self.message_user(request, ngettext("%d tag marked as reviewed.", "%d tags marked as reviewed.", count) % count)

    @admin.action(description=_("Merge selected tags into one"), permissions=["change", "delete"])
    def merge_tags(self, request, queryset):
        tags = list(queryset.order_by("-story_count", "name"))
        if len(tags) < 2:
            self.message_user(request, _("Select at least two tags to merge."), messages.WARNING)
            return None
        kept_id = request.POST.get("kept")
        if kept_id:
            kept = next((tag for tag in tags if str(tag.pk) == kept_id), None)
            if kept is None:
                self.message_user(request, _("Choose one of the selected tags to keep."), messages.ERROR)
                return None
            merged = [tag for tag in tags if tag.pk != kept.pk]
            moved = merge_tags(kept, merged)
            self.message_user(
                request,
                ngettext(
                    "Merged %(names)s into “%(kept)s”: %(moved)d story moved; old addresses redirect to it.",
                    "Merged %(names)s into “%(kept)s”: %(moved)d stories moved; old addresses redirect to it.",
                    moved,
                )
                % {"names": ", ".join(f"“{t.name}”" for t in merged), "kept": kept.name, "moved": moved},
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "admin/articles/tag/merge.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "tags": tags,
                "title": _("Merge tags"),
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


# The articles use their own Tag model; taggit's stock one would only confuse editors.
admin.site.unregister(taggit_models.Tag)
