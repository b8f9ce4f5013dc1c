"""The audit trail in the admin: read-only for everyone."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy

from ..models import ArticleEvent


@admin.register(ArticleEvent)
class ArticleEventAdmin(admin.ModelAdmin):
    """The audit trail, read-only for everyone."""

    list_display = ["at", "action", "story", "username", "detail"]
    list_filter = ["action", "at"]
    search_fields = ["headline", "username", "detail"]
    date_hierarchy = "at"
    list_select_related = ["article"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("Story"), ordering="headline")
    def story(self, event):
        if event.article_id is None:
            return event.headline
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:articles_article_change", args=[event.article_id]), event.headline
        )
