from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, JsonResponse
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from taggit import models as taggit_models

from locations.detection import detect_in_article

from .models import Article, ArticlePhoto, Author, PublishingError, Section, Tag

PUBLISH_PERMISSION = "articles.publish_article"


def can_publish(user):
    return user.has_perm(PUBLISH_PERMISSION)


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = "__all__"
        widgets = {
            "headline": forms.TextInput(attrs={"class": "vLargeTextField"}),
            "standfirst": forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user is not None and not can_publish(user):
            # A disabled field ignores whatever a forged POST sends for it.
            for name in ("status", "published_at", "is_featured"):
                if name in self.fields:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _("Only editors can publish, schedule or feature a story.")

    def clean(self):
        cleaned = super().clean()
        if self.user is not None and not can_publish(self.user):
            was_public = self.instance.pk and self.instance.status == Article.Status.PUBLISHED
            if cleaned.get("status") == Article.Status.PUBLISHED and not was_public:
                raise forms.ValidationError(_("You do not have permission to publish stories."))
        hero = cleaned.get("hero_image")
        if cleaned.get("status") == Article.Status.PUBLISHED and hero and not hero.alt_text:
            self.add_error(
                "hero_image",
                _("This photo has no alt text. Write it in the image library before publishing the story."),
            )
        return cleaned


class ArticlePhotoFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if self.instance.status != Article.Status.PUBLISHED:
            return
        for form in self.forms:
            image = form.cleaned_data.get("image") if form.cleaned_data else None
            if image and not form.cleaned_data.get("DELETE") and not image.alt_text:
                raise forms.ValidationError(
                    _("The photo “%(photo)s” has no alt text. Write it in the image library before publishing."),
                    params={"photo": image},
                )


class ArticlePhotoInline(admin.TabularInline):
    model = ArticlePhoto
    formset = ArticlePhotoFormSet
    autocomplete_fields = ["image"]
    extra = 0
    verbose_name_plural = _("Photos in the body (placed between paragraphs)")


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = ["headline", "status", "section", "bylines", "published_at", "updated_at"]
    list_filter = ["status", "section", "is_featured", "authors"]
    list_select_related = ["section"]
    search_fields = ["headline", "standfirst", "slug", "authors__name"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["authors", "locations", "hero_image", "section"]
    readonly_fields = ["place_suggestions", "created_by", "created_at", "updated_at"]
    actions = ["publish", "unpublish"]
    inlines = [ArticlePhotoInline]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body"]}),
        (_("Photo"), {"fields": ["hero_image", "hero_caption"]}),
        (_("Bylines and topics"), {"fields": ["authors", "section", "tags", "locations", "place_suggestions"]}),
        (_("Publishing"), {"fields": ["status", "published_at", "is_featured"]}),
        (_("Record"), {"fields": ["created_by", "created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    class Media:
        js = ["admin-extra/place-suggestions.js"]
        css = {"all": ["admin-extra/place-suggestions.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("authors")

    def get_urls(self):
        return [
            path(
                "detect-places/",
                self.admin_site.admin_view(self.detect_places_view),
                name="articles_article_detect_places",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("Places mentioned"))
    def place_suggestions(self, obj):
        mentions = detect_in_article(obj.headline, obj.standfirst, obj.body) if obj.pk else []
        tagged = set(obj.locations.values_list("pk", flat=True)) if obj.pk else set()
        return render_to_string(
            "admin/articles/place_suggestions.html",
            {
                "suggestions": [m for m in mentions if m.location.pk not in tagged],
                "url": reverse("admin:articles_article_detect_places"),
            },
        )

    def detect_places_view(self, request):
        """The places the posted headline, standfirst and body mention, for the form's suggestion list."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        chosen = {int(pk) for pk in request.POST.getlist("chosen") if pk.isdigit()}
        mentions = detect_in_article(
            request.POST.get("headline", ""), request.POST.get("standfirst", ""), request.POST.get("body", "")
        )
        return JsonResponse(
            {
                "places": [
                    {
                        "id": m.location.pk,
                        "name": m.location.name,
                        "label": str(m.location),
                        "count": m.count,
                        "names": m.names,
                    }
                    for m in mentions
                    if m.location.pk not in chosen
                ]
            }
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)

        class RequestForm(form_class):
            def __init__(self, *args, **inner_kwargs):
                inner_kwargs.setdefault("user", request.user)
                super().__init__(*args, **inner_kwargs)

        return RequestForm

    @admin.display(description=_("Bylines"))
    def bylines(self, obj):
        return ", ".join(author.name for author in obj.authors.all())

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def has_publish_permission(self, request):
        return can_publish(request.user)

    @admin.action(description=_("Publish selected articles"), permissions=["publish"])
    def publish(self, request, queryset):
        def publish_or_report(article):
            try:
                article.publish()
            except PublishingError as error:
                self.message_user(request, f"{article}: {error}", messages.ERROR)
                return False
            return True

        count = self._change_each(request, queryset.exclude(status=Article.Status.PUBLISHED), publish_or_report)
        self.message_user(
            request,
            ngettext("%d article was published.", "%d articles were published.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish selected articles"), permissions=["publish"])
    def unpublish(self, request, queryset):
        count = self._change_each(request, queryset.filter(status=Article.Status.PUBLISHED), Article.unpublish)
        self.message_user(
            request,
            ngettext("%d article was unpublished.", "%d articles were unpublished.", count) % count,
            messages.SUCCESS,
        )

    @staticmethod
    def _change_each(request, queryset, change):
        # Django already hides these actions from users without the permission; a forged POST stops here.
        if not can_publish(request.user):
            raise PermissionDenied
        return sum(1 for article in queryset if change(article) is not False)


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
    list_display = ["name", "slug"]
    list_filter = []
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


# The articles use their own Tag model; taggit's stock one would only confuse editors.
admin.site.unregister(taggit_models.Tag)
