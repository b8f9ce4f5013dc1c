from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Image

ACCEPT = "image/jpeg,image/png,image/webp,image/avif"


class OriginalFileInput(forms.ClearableFileInput):
    """The file input, with a staff-only download link instead of a public link to the original."""

    template_name = "admin/media/image/original_file_input.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None and instance.pk:
            context["widget"]["download_url"] = reverse("admin:media_image_original", args=[instance.pk])
        return context


class ImageForm(forms.ModelForm):
    class Meta:
        model = Image
        fields = "__all__"
        widgets = {
            "file": OriginalFileInput,
            "focal_x": forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "1", "class": "focal-input"}),
            "focal_y": forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "1", "class": "focal-input"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Bulk uploads may arrive without it, but every photo edited here gets one.
        self.fields["alt_text"].required = True
        self.fields["file"].widget.attrs["accept"] = ACCEPT


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files if item]


class BulkUploadForm(forms.Form):
    files = MultipleFileField(
        label=_("Photos"),
        widget=MultipleFileInput(attrs={"accept": ACCEPT}),
        help_text=_("Choose several files at once. Each is checked on its own; a bad file does not stop the others."),
    )
    credit = forms.CharField(label=_("Credit for all"), max_length=200, required=False)


class MissingAltTextFilter(admin.SimpleListFilter):
    title = _("alt text")
    parameter_name = "alt"

    def lookups(self, request, model_admin):
        return [("missing", _("Missing")), ("present", _("Written"))]

    def queryset(self, request, queryset):
        if self.value() == "missing":
            return queryset.missing_alt_text()
        if self.value() == "present":
            return queryset.exclude(alt_text="")
        return queryset


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageForm
    list_display = ["thumbnail", "__str__", "credit", "has_alt_text", "dimensions", "created_at"]
    list_display_links = ["thumbnail", "__str__"]
    list_filter = [MissingAltTextFilter, "created_at"]
    search_fields = ["caption", "credit", "alt_text"]
    date_hierarchy = "created_at"
    readonly_fields = ["focal_point_picker", "dimensions", "usage", "uploaded_by", "created_at"]
    fieldsets = [
        (None, {"fields": ["file", "alt_text", "caption", "credit"]}),
        (
            _("Cropping"),
            {
                "fields": ["focal_point_picker", ("focal_x", "focal_y")],
                "description": _("Click the most important point of the photo; crops keep it in view."),
            },
        ),
        (_("Source protection"), {"fields": ["keep_original_metadata"]}),
        (_("Record"), {"fields": ["dimensions", "usage", "uploaded_by", "created_at"]}),
    ]
    change_list_template = "admin/media/image/change_list.html"

    class Media:
        js = ["admin-extra/focal-point.js"]
        css = {"all": ["admin-extra/focal-point.css"]}

    @admin.display(description=_("Photo"))
    def thumbnail(self, obj):
        return self._img(obj, "square", 96, 96)

    @admin.display(description=_("Alt text"), boolean=True)
    def has_alt_text(self, obj):
        return bool(obj.alt_text)

    @admin.display(description=_("Focal point"))
    def focal_point_picker(self, obj):
        if not obj.pk:
            return _("Save the photo first, then pick its focal point here.")
        sources = obj.sources("full")
        if not sources:
            return "—"
        url, width, height = min(sources["jpg"], key=lambda s: abs(s[1] - 640))
        return format_html(
            '<div class="focal-picker" data-focal-x="{}" data-focal-y="{}">'
            '<img src="{}" width="{}" height="{}" alt="{}"><span class="focal-picker__marker"></span></div>',
            obj.focal_x,
            obj.focal_y,
            url,
            width,
            height,
            obj.alt_text,
        )

    @admin.display(description=_("Size"))
    def dimensions(self, obj):
        return f"{obj.width} × {obj.height}" if obj.width else "—"

    @admin.display(description=_("Used on"))
    def usage(self, obj):
        if not obj.pk:
            return "—"
        uses = [(article, _("hero photo")) for article in obj.hero_articles.all()]
        uses += [(photo.article, _("in the body")) for photo in obj.body_uses.select_related("article")]
        uses += [(author, _("byline photo")) for author in obj.author_photos.all()]
        if not uses:
            return _("Not used anywhere yet.")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a> ({})</li>',
                (
                    (
                        reverse(f"admin:{item._meta.app_label}_{item._meta.model_name}_change", args=[item.pk]),
                        item,
                        role,
                    )
                    for item, role in uses
                ),
            ),
        )

    @staticmethod
    def _img(obj, crop, width, height):
        sources = obj.sources(crop)
        if not sources:
            return "—"
        url = min(sources["jpg"], key=lambda s: abs(s[1] - width))[0]
        return format_html('<img src="{}" width="{}" height="{}" alt="" loading="lazy">', url, width, height)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        remove_files = obj.file_remover()
        super().delete_model(request, obj)
        transaction.on_commit(remove_files)

    def delete_queryset(self, request, queryset):
        removers = [image.file_remover() for image in queryset]
        super().delete_queryset(request, queryset)
        for remove_files in removers:
            transaction.on_commit(remove_files)

    # Several photos at once

    def get_urls(self):
        return [
            path("upload/", self.admin_site.admin_view(self.bulk_upload_view), name="media_image_bulk_upload"),
            path(
                "<int:pk>/original/",
                self.admin_site.admin_view(self.original_view),
                name="media_image_original",
            ),
            *super().get_urls(),
        ]

    def original_view(self, request, pk):
        """The stored original, as a download for staff who may see the photo (never public)."""
        image = get_object_or_404(Image, pk=pk)
        if not self.has_view_permission(request, image):
            raise PermissionDenied
        return FileResponse(
            image.file.open("rb"), as_attachment=True, filename=f"photo-{image.pk}.{image.file.name.rsplit('.', 1)[-1]}"
        )

    def bulk_upload_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = BulkUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            saved, refused = [], []
            for upload in form.cleaned_data["files"]:
                image = Image(file=upload, credit=form.cleaned_data["credit"], uploaded_by=request.user)
                try:
                    image.full_clean()
                    with transaction.atomic():
                        image.save()
                except ValidationError as error:
                    refused.append((upload.name, " ".join(error.messages)))
                else:
                    saved.append(image)
            for name, reason in refused:
                messages.error(request, format_html(_("“{}” was not uploaded: {}"), name, reason))
            if saved:
                messages.success(
                    request,
                    ngettext(
                        "%d photo was uploaded. Write its alt text before it goes on a published story.",
                        "%d photos were uploaded. Write their alt text before they go on a published story.",
                        len(saved),
                    )
                    % len(saved),
                )
                return redirect(reverse("admin:media_image_changelist") + "?alt=missing")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "title": _("Upload several photos"),
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/media/image/bulk_upload.html", context)
