"""
The editing side of the article admin: the refusal of a save that would overwrite someone
else's, the state filter, corrections and what each save records (a version, the audit trail).
"""

from django import forms
from django.contrib import admin
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from js_asset.media import Media

from .. import history, workflow
from ..models import Article, ArticleEvent, Correction
from .pages import when


class ConflictCheckMixin:
    """
    For a ModelForm of a model with a `revision` counter and a hidden `edit_revision` field: refuses
    the save when the row was saved by someone else after this form was opened, keeping everything
    typed in the form.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edit_revision"].initial = self.instance.revision

    def clean(self):
        cleaned = super().clean()
        started = cleaned.get("edit_revision")
        if self.instance.pk is None or started is None:
            return cleaned
        current = self.current_revision()
        if started != current:
            # The next save goes through: by then the editor has seen the other changes.
            self.data = self.data.copy()
            self.data[self.add_prefix("edit_revision")] = current
            raise forms.ValidationError(self.conflict_message(started))
        return cleaned

    def conflict_message(self, started):
        return conflict_message(self.instance, started)

    def current_revision(self):
        """
        The story's revision now. Inside the admin's transaction the row stays locked until this
        save commits (PostgreSQL), so a save running at the same moment waits and then sees it;
        SQLite gets the same order from its IMMEDIATE transactions (see settings).
        """
        rows = type(self.instance).objects.filter(pk=self.instance.pk)
        if transaction.get_connection().in_atomic_block:
            rows = rows.select_for_update()
        return rows.values_list("revision", flat=True).first()


def conflict_message(article, started):
    latest = article.versions.select_related("saved_by").first()
    who = (latest.saved_by.get_username() if latest and latest.saved_by else None) or _("Someone else")
    saved_at = when(latest.saved_at if latest else article.updated_at)
    text = _(
        "%(who)s saved this story at %(when)s, after you opened it. Nothing of yours has been saved yet "
        "and your text is still in the form below: merge their changes into it, then save again."
    ) % {"who": who, "when": saved_at}
    opened = article.versions.filter(revision__lte=started).first()
    if latest is None or opened is None or opened.number == latest.number:
        return text
    url = reverse("admin:articles_article_compare", args=[article.pk])
    return format_html(
        '{} <a href="{}?from={}&amp;to={}" target="_blank">{}</a>',
        text,
        url,
        opened.number,
        latest.number,
        _("See what they changed (opens in a new tab)."),
    )


class StateFilter(admin.SimpleListFilter):
    title = gettext_lazy("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("draft", _("Draft")),
            ("review", _("Ready for review")),
            ("scheduled", _("Scheduled")),
            ("published", _("Published")),
            ("unpublished", _("Unpublished")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        value = self.value()
        if value == "scheduled":
            return queryset.filter(status=Article.Status.PUBLISHED, published_at__gt=now)
        if value == "published":
            return queryset.published()
        if value in {"draft", "review", "unpublished"}:
            return queryset.filter(status=value)
        return queryset


class EditorFormMixin:
    """
    A ModelAdmin whose form takes the editor (`user=`, for the fields a writer may not set) and
    carries the rich-text editor: its import map is an inline script, given the page's CSP nonce.
    """

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)

        class RequestForm(form_class):
            def __init__(self, *args, **inner_kwargs):
                inner_kwargs.setdefault("user", request.user)
                super().__init__(*args, **inner_kwargs)

        return RequestForm

    def render_change_form(self, request, context, *args, **kwargs):
        context["media"] = Media.from_media(context["media"], nonce=str(request.csp_nonce))
        return super().render_change_form(request, context, *args, **kwargs)


class NotesInline(admin.StackedInline):
    """Corrections and updates: editors add, change and delete them, on something already saved."""

    model = Correction
    extra = 0

    def has_add_permission(self, request, obj=None):
        return workflow.can_publish(request.user) and obj is not None

    def has_change_permission(self, request, obj=None):
        return workflow.can_publish(request.user)

    def has_delete_permission(self, request, obj=None):
        return workflow.can_publish(request.user)


class CorrectionInline(NotesInline):
    fields = ["kind", "published_at", "text", "created_by"]
    readonly_fields = ["created_by"]
    verbose_name_plural = gettext_lazy("Corrections and updates (shown to readers under the story)")

    def get_queryset(self, request):
        # A live post's notes are edited with the post.
        return super().get_queryset(request).filter(post=None)


class EditingAdminMixin:
    """What the article admin records on each save: a version in the history and the workflow move."""

    def save_model(self, request, obj, form, change):
        if change and not obj.versions.exists():
            # A story from before history was kept: keep how it was before this first recorded save.
            history.record_version(Article.objects.get(pk=obj.pk), None, note=_("As it was before this history began"))
        super().save_model(request, obj, form, change)

    def record_save(self, request, form):
        article = form.instance
        history.record_version(article, request.user)
        workflow.record_transition(
            article, request.user, form.initial.get("status", Article.Status.DRAFT), form.initial.get("published_at")
        )

    def record_move(self, request, article, old_status, old_published_at):
        history.record_version(article, request.user)
        workflow.record_transition(article, request.user, old_status, old_published_at)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Correction:
            return super().save_formset(request, form, formset, change)
        for note in formset.save(commit=False):
            is_new = note.pk is None
            if is_new:
                note.created_by = request.user
            note.save()
            if is_new:
                action = ArticleEvent.Action.CORRECTED
                if note.kind == Correction.Kind.UPDATE:
                    action = ArticleEvent.Action.UPDATE_ADDED
                workflow.record(form.instance, request.user, action, note.text)
        for note in formset.deleted_objects:
            note.delete()
        return None
