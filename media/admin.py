from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Image


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ["thumbnail", "__str__", "credit", "dimensions", "created_at"]
    list_display_links = ["thumbnail", "__str__"]
    list_filter = ["created_at"]
    search_fields = ["caption", "credit", "alt_text"]
    date_hierarchy = "created_at"
    readonly_fields = ["preview", "dimensions", "uploaded_by", "created_at"]
    fields = ["file", "preview", "alt_text", "caption", "credit", "dimensions", "uploaded_by", "created_at"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "file":
            formfield.widget.attrs["accept"] = "image/jpeg,image/png,image/webp"
        return formfield

    @admin.display(description=_("Photo"))
    def thumbnail(self, obj):
        return self._img(obj, 120)

    @admin.display(description=_("Preview"))
    def preview(self, obj):
        return self._img(obj, 480) if obj.pk else "—"

    @admin.display(description=_("Size"))
    def dimensions(self, obj):
        return f"{obj.width} × {obj.height}" if obj.width else "—"

    @staticmethod
    def _img(obj, width):
        if not obj.file or not obj.width:
            return "—"
        height = round(obj.height * width / obj.width)
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="{}" loading="lazy">',
            obj.file.url,
            width,
            height,
            obj.alt_text,
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
