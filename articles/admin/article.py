"""The article admin: the story form, body photos, place suggestions, tag search and actions."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Value, When
from django.http import JsonResponse
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import workflow
from ..forms import TagChoiceMixin, TagNamesField
from ..models import Article, ArticlePhoto, PublishingError, Tag
from ..tagging import tag_key
from ..workflow import can_publish
from .editing import ConflictCheckMixin, CorrectionInline, EditingAdminMixin, EditorFormMixin, StateFilter
from .history_views import HistoryAdminMixin
from .live import LiveDeskMixin
from .place_suggestions import PlaceSuggestionsAdminMixin
from .preview_link_views import PreviewLinksAdminMixin

TAG_SEARCH_PAGE = 20


class ArticleAdminForm(ConflictCheckMixin, TagChoiceMixin, forms.ModelForm):
    tags = TagNamesField(
        label=_("Tags"),
        required=False,
        help_text=_("Topics. Pick existing ones as you type; a new one is created when nothing matches."),
    )
    # The story's revision when the form was opened (see ConflictCheckMixin).
    edit_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

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
        for name in ("authors", "locations"):
            if name in self.fields:
                # No "remove all" cross: select2 draws it inside its list of choices, which breaks
                # the list for screen readers, and each choice has its own cross anyway.
                widget = self.fields[name].widget
                getattr(widget, "widget", widget).is_required = True
        if user is None or can_publish(user):
            return
        # A disabled field ignores whatever a forged POST sends for it; a status outside the
        # choices is refused as "not one of the available choices".
        for name in ("published_at", "is_featured", "send_alert"):
            if name in self.fields:
                self.fields[name].disabled = True
                self.fields[name].help_text = _(
                    "Only editors can publish, schedule, feature or send a story as an alert."
                )
        if "status" in self.fields:
            allowed = workflow.allowed_statuses(user, self.instance)
            field = self.fields["status"]
            field.choices = [(value, label) for value, label in field.choices if value in allowed]
            field.disabled = len(allowed) == 1
            field.help_text = _(
                "Set “Ready for review” when the story is ready for an editor. Only editors publish, "
                "schedule or unpublish."
            )

    def clean(self):
        cleaned = super().clean()
        if self.fields.get("send_alert") and self.fields["send_alert"].disabled and self.data.get("send_alert"):
            # A browser never sends a disabled box: only a forged form gets here.
            raise forms.ValidationError(_("Only editors can send a story as an alert."))
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
class ArticleAdmin(
    EditorFormMixin,
    EditingAdminMixin,
    HistoryAdminMixin,
    PreviewLinksAdminMixin,
    PlaceSuggestionsAdminMixin,
    LiveDeskMixin,
    admin.ModelAdmin,
):
    form = ArticleAdminForm
    list_display = ["headline", "state", "language", "section", "bylines", "published_at", "updated_at"]
    list_filter = [StateFilter, "language", "section", "is_featured", "is_live", "authors"]
    list_select_related = ["section"]
    search_fields = ["headline", "standfirst", "slug", "authors__name"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["authors", "locations", "hero_image", "section", "translation_of"]
    readonly_fields = ["state_summary", "place_suggestions", "live_desk", "created_by", "created_at", "updated_at"]
    actions = ["publish", "unpublish"]
    inlines = [ArticlePhotoInline, CorrectionInline]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body"]}),
        (_("Edition"), {"fields": ["language", "translation_of"]}),
        (_("Photo"), {"fields": ["hero_image", "hero_caption"]}),
        (
            _("Bylines and topics"),
            {"fields": ["authors", "section", "tags", "confirm_new_tags", "locations", "place_suggestions"]},
        ),
        (
            _("Live coverage"),
            {"fields": ["is_live", "coverage_started_at", "coverage_ended_at", "live_desk"]},
        ),
        (
            _("Publishing"),
            {"fields": ["state_summary", "status", "published_at", "is_featured", "send_alert", "edit_revision"]},
        ),
        (_("Record"), {"fields": ["created_by", "created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    class Media:
        js = ["admin-extra/place-suggestions.js", "admin-extra/a11y-labels.js"]
        css = {"all": ["admin-extra/place-suggestions.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("authors")

    def get_urls(self):
        return [
            *self.history_urls(),
            *self.preview_link_urls(),
            path("tag-search/", self.admin_site.admin_view(self.tag_search_view), name="articles_tag_search"),
            *self.place_suggestion_urls(),
            *self.live_desk_urls(),
            *super().get_urls(),
        ]

    def tag_search_view(self, request):
        """Tags whose name contains the term, those starting with it first; 20 a page, tags only."""
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        term = tag_key(request.GET.get("term", ""))
        try:
            page = max(int(request.GET.get("page", 1)), 1)
        except ValueError:
            page = 1
        tags = (
            Tag.objects.filter(key__contains=term)
            .annotate(starts=Case(When(key__startswith=term, then=Value(0)), default=Value(1)))
            .order_by("starts", "name")
        )
        start = (page - 1) * TAG_SEARCH_PAGE
        found = list(tags.values_list("name", flat=True)[start : start + TAG_SEARCH_PAGE + 1])
        return JsonResponse(
            {
                "results": [{"id": name, "text": name} for name in found[:TAG_SEARCH_PAGE]],
                "pagination": {"more": len(found) > TAG_SEARCH_PAGE},
            }
        )

    def save_related(self, request, form, formsets, change):
        # The typed names become tags here, once the story is saved: existing ones by their key,
        # new ones created (see Tag.objects.for_names); taggit then links them.
        form.cleaned_data["tags"] = Tag.objects.for_names(form.cleaned_data.get("tags") or [])
        super().save_related(request, form, formsets, change)
        self.record_save(request, form)
        new_names = getattr(form, "new_tag_names", [])
        if new_names and not can_publish(request.user):
            # Writers may add topics; an editor looks at each new one before it spreads.
            Tag.objects.filter(key__in=[tag_key(name) for name in new_names]).update(needs_review=True)

    @admin.display(description=_("Bylines"))
    def bylines(self, obj):
        return ", ".join(author.name for author in obj.authors.all())

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or workflow.can_edit(request.user, obj))

    @admin.display(description=_("State"), ordering="status")
    def state(self, obj):
        return obj.state

    @admin.display(description=_("Now"))
    def state_summary(self, obj):
        if obj.pk is None:
            return _("A new story. It stays a draft until it is sent for review or published.")
        if obj.is_scheduled:
            when = date_format(timezone.localtime(obj.published_at), "DATETIME_FORMAT")
            return _("Scheduled: goes out by itself at %(time)s (Kyiv time).") % {"time": when}
        if obj.is_public:
            return _("Published: readers can see it.")
        return _("%(state)s: only the newsroom can see it.") % {"state": obj.state}

    @admin.action(description=_("Publish selected articles"), permissions=["publish"])
    def publish(self, request, queryset):
        def publish_or_report(article):
            before = article.status, article.published_at
            try:
                article.publish()
            except PublishingError as error:
                self.message_user(request, f"{article}: {error}", messages.ERROR)
                return False
            self.record_move(request, article, *before)
            return True

        count = self._change_each(request, queryset.exclude(status=Article.Status.PUBLISHED), publish_or_report)
        self.message_user(
            request,
            ngettext("%d article was published.", "%d articles were published.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish selected articles"), permissions=["publish"])
    def unpublish(self, request, queryset):
        def unpublish(article):
            before = article.status, article.published_at
            article.unpublish()
            self.record_move(request, article, *before)

        count = self._change_each(request, queryset.filter(status=Article.Status.PUBLISHED), unpublish)
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
