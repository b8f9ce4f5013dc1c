"""
Live coverage in the admin: the live desk of a live story (a short "new post" form that saves in
one request, and every post with its buttons), and the post form for edits, corrections and history.

Writers draft posts and edit drafts; editors (the story's publish permission) also publish,
withdraw, pin and delete them. Every save, publication and delete leaves a LivePostVersion.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from js_asset.media import Media

from locations.detection import detect_in_article

from .. import workflow
from ..models import Author, LivePost, LivePostVersion
from .editing import ConflictCheckMixin, EditorFormMixin, NotesInline
from .pages import AdminPagesMixin, when

#: A place is filed for a post only when the detector is at least this sure of it.
POST_PLACE_CONFIDENCE = 0.8
#: What the live desk's "new post" form asks for: the rest is in the post's own form.
QUICK_FIELDS = ["title", "body", "is_key_event", "is_pinned", "image", "image_caption", "link", "link_text"]
DESK_POSTS = 100
DELETED_SHOWN = 20


def detected_places(post):
    """
    The places the post's text names, read with the story's headline for context ("Pokrovsk" in a
    story about Donetsk Oblast), keeping only those named in the post itself and named surely.
    """
    article = post.article
    text = post.text().casefold()
    mentions = detect_in_article(article.headline, "", post.body_html, language=article.language)
    return [
        mention.location
        for mention in mentions
        if mention.confidence >= POST_PLACE_CONFIDENCE and any(name.casefold() in text for name in mention.names)
    ]


class LivePostForm(ConflictCheckMixin, forms.ModelForm):
    edit_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    link = forms.URLField(
        label=capfirst(LivePost._meta.get_field("link").verbose_name),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=LivePost._meta.get_field("link").help_text,
    )

    class Meta:
        model = LivePost
        fields = "__all__"
        widgets = {"title": forms.TextInput(attrs={"class": "vLargeTextField"})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is None or workflow.can_publish(user):
            return
        # Disabled fields ignore whatever a forged POST sends for them.
        for name in ("status", "is_pinned"):
            if name in self.fields:
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Only editors publish and pin posts.")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_key_event") and not cleaned.get("title"):
            self.add_error("title", _("A key event needs a title: the key events list shows it."))
        image = cleaned.get("image")
        if image and not image.alt_text and self.publishes(cleaned):
            self.add_error("image", _("This photo has no alt text. Write it in the image library before publishing."))
        if cleaned.get("link_text") and not cleaned.get("link"):
            self.add_error("link", _("Give the address the link text leads to, or clear the link text."))
        return cleaned

    def publishes(self, cleaned):
        """Whether this save leaves the post published (the desk's "Publish now" sets the status after the form)."""
        status = cleaned.get("status", self.instance.status)
        return status == LivePost.Status.PUBLISHED or "_publish" in self.data

    def conflict_message(self, started):
        latest = LivePostVersion.objects.filter(post_id=self.instance.pk).select_related("saved_by").first()
        who = (latest.saved_by.get_username() if latest and latest.saved_by else None) or _("Someone else")
        return _(
            "%(who)s saved this post at %(when)s, after you opened it. Nothing of yours has been saved yet "
            "and your text is still in the form below: merge their changes into it, then save again."
        ) % {"who": who, "when": when(latest.saved_at if latest else self.instance.updated_at)}


class PostCorrectionInline(NotesInline):
    fk_name = "post"
    fields = ["kind", "published_at", "text"]
    verbose_name_plural = gettext_lazy("Corrections and updates (shown to readers under the post)")


@admin.register(LivePost)
class LivePostAdmin(EditorFormMixin, admin.ModelAdmin):
    form = LivePostForm
    list_display = ["__str__", "article", "status", "published_at", "is_key_event", "is_pinned"]
    list_filter = ["status", "is_key_event", "is_pinned"]
    list_select_related = ["article"]
    search_fields = ["title", "body", "article__headline"]
    autocomplete_fields = ["article", "image", "authors", "locations"]
    readonly_fields = ["published_at", "history"]
    inlines = [PostCorrectionInline]
    fieldsets = [
        (None, {"fields": ["article", "title", "body", "is_key_event", "is_pinned", "status", "edit_revision"]}),
        (_("Photo and link"), {"fields": ["image", "image_caption", "link", "link_text"]}),
        (_("Bylines and places"), {"fields": ["authors", "locations"]}),
        (_("Record"), {"fields": ["published_at", "history"]}),
    ]

    class Media:
        js = ["admin-extra/a11y-labels.js"]
        css = {"all": ["admin-extra/live-desk.css"]}

    def get_readonly_fields(self, request, obj=None):
        # A post stays with its story.
        return [*self.readonly_fields, "article"] if obj else self.readonly_fields

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or can_edit_post(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and workflow.can_publish(request.user)

    def save_model(self, request, obj, form, change):
        save_post(request, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        file_places(form.instance, chosen=form.cleaned_data.get("locations"))
        record(request, form.instance)

    def save_formset(self, request, form, formset, change):
        for note in formset.save(commit=False):
            note.article_id = form.instance.article_id
            if note.pk is None:
                note.created_by = request.user
            note.save()
        for note in formset.deleted_objects:
            note.delete()

    def delete_model(self, request, obj):
        LivePostVersion.record(obj, request.user, LivePostVersion.Action.DELETED)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for post in queryset:
            self.delete_model(request, post)

    def response_change(self, request, obj):
        if "_continue" not in request.POST and self.has_change_permission(request, obj.article):
            return HttpResponseRedirect(desk_url(obj.article) + f"#desk-post-{obj.pk}")
        return super().response_change(request, obj)

    @admin.display(description=gettext_lazy("History"))
    def history(self, obj):
        if obj.pk is None:
            return "—"
        versions = LivePostVersion.objects.filter(post_id=obj.pk).select_related("saved_by")
        return render_to_string("admin/articles/livepost/history.html", {"versions": versions})


def can_edit_post(user, post):
    """Writers edit drafts; a published post is the editors'."""
    return workflow.can_publish(user) or post.pk is None or post.status == LivePost.Status.DRAFT


def save_post(request, post):
    if post.pk is None:
        post.created_by = request.user
    if not workflow.can_publish(request.user):
        post.status = LivePost.Status.DRAFT
        post.is_pinned = False
    post.save()


def file_places(post, chosen=None):
    """With no places chosen, the post is filed under the places its text surely names."""
    if not chosen and post.body_html:
        post.locations.set(detected_places(post))


def record(request, post):
    action = LivePostVersion.Action.SAVED
    if post.status == LivePost.Status.PUBLISHED:
        action = LivePostVersion.Action.PUBLISHED
    LivePostVersion.record(post, request.user, action)


def desk_url(article):
    return reverse("admin:articles_article_live_desk", args=[article.pk])


class LiveDeskMixin(AdminPagesMixin):
    """The live desk, on the article admin."""

    def live_desk_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/live/", view(self.live_desk_view), name="articles_article_live_desk"),
            path(
                "<path:object_id>/live/<int:post_id>/<str:action>/",
                view(require_POST(self.live_post_action_view)),
                name="articles_article_live_post_action",
            ),
        ]

    @admin.display(description=gettext_lazy("Live desk"))
    def live_desk(self, obj):
        if obj.pk is None or not obj.is_live:
            return _("Tick “live coverage” and save: the live desk, where posts are written, opens here.")
        return format_html('<a class="button" href="{}">{}</a>', desk_url(obj), _("Open the live desk"))

    def _post_form(self, request, data=None, files=None):
        post_admin = self.admin_site._registry[LivePost]
        form_class = post_admin.get_form(request, fields=QUICK_FIELDS)
        return form_class(data, files, prefix="post")

    def live_desk_view(self, request, object_id):
        article = self._article(request, object_id)
        if not article.is_live:
            messages.warning(request, _("This story is not live coverage: tick “live coverage” and save first."))
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
        post_admin = self.admin_site._registry[LivePost]
        if not post_admin.has_add_permission(request):
            raise PermissionDenied
        form = self._post_form(request, request.POST or None)
        if request.method == "POST" and form.is_valid():
            post = form.save(commit=False)
            post.article = article
            if "_publish" in request.POST and workflow.can_publish(request.user):
                post.status = LivePost.Status.PUBLISHED
            with transaction.atomic():
                save_post(request, post)
                own = Author.objects.filter(user=request.user).first()
                if own:
                    post.authors.set([own])
                file_places(post)
                record(request, post)
            if post.status == LivePost.Status.PUBLISHED:
                messages.success(request, _("Published at %(time)s.") % {"time": when(post.published_at)})
            else:
                messages.success(request, _("Saved as a draft: an editor publishes it from this desk."))
            return HttpResponseRedirect(desk_url(article) + f"#desk-post-{post.pk}")
        posts = (
            article.live_posts.order_by("-number", "-created_at")
            .select_related("image", "created_by")
            .prefetch_related("locations", "authors")[:DESK_POSTS]
        )
        deleted = LivePostVersion.objects.filter(article=article, action=LivePostVersion.Action.DELETED)
        media = post_admin.media + form.media
        return self._render(
            request,
            "live_desk.html",
            article,
            _("Live desk: %(headline)s") % {"headline": article.headline},
            form=form,
            posts=posts,
            deleted=deleted.select_related("saved_by")[:DELETED_SHOWN],
            can_publish=workflow.can_publish(request.user),
            media=Media.from_media(media, nonce=str(request.csp_nonce)),
        )

    def live_post_action_view(self, request, object_id, post_id, action):
        """Publish, take back to draft, pin or unpin one post: the desk's buttons, for editors."""
        article = self._article(request, object_id)
        if not workflow.can_publish(request.user):
            raise PermissionDenied
        post = get_object_or_404(article.live_posts, pk=post_id)
        changes = {
            "publish": {"status": LivePost.Status.PUBLISHED},
            "withdraw": {"status": LivePost.Status.DRAFT},
            "pin": {"is_pinned": True},
            "unpin": {"is_pinned": False},
        }
        if action not in changes:
            raise PermissionDenied
        for name, value in changes[action].items():
            setattr(post, name, value)
        with transaction.atomic():
            post.save()
            kind = {"publish": LivePostVersion.Action.PUBLISHED, "withdraw": LivePostVersion.Action.WITHDRAWN}
            LivePostVersion.record(post, request.user, kind.get(action, LivePostVersion.Action.SAVED))
        done = {
            "publish": _("Published at %(time)s.") % {"time": when(post.published_at)} if post.published_at else "",
            "withdraw": _("Taken back to draft: readers no longer see it."),
            "pin": _("Pinned above the newest posts."),
            "unpin": _("Unpinned."),
        }
        messages.success(request, done[action])
        return HttpResponseRedirect(desk_url(article) + f"#desk-post-{post.pk}")
