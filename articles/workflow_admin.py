"""
The admin side of the workflow: history (versions, compare, restore), preview links, corrections,
the refusal of a save that would overwrite someone else's, and the audit trail.
"""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import history, workflow
from .models import Article, ArticleEvent, Correction, PreviewLink

PREVIEW_LIFETIMES = [
    (1, gettext_lazy("1 hour")),
    (24, gettext_lazy("1 day")),
    (72, gettext_lazy("3 days")),
    (168, gettext_lazy("7 days")),
]


def _when(moment):
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


class ConflictCheckMixin:
    """
    For a ModelForm with a hidden `edit_revision` field: refuses the save when the story was saved
    by someone else after this form was opened, keeping everything typed in the form.
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
            raise forms.ValidationError(conflict_message(self.instance, started))
        return cleaned

    def current_revision(self):
        """
        The story's revision now. Inside the admin's transaction the row stays locked until this
        save commits (PostgreSQL), so a save running at the same moment waits and then sees it;
        SQLite gets the same order from its IMMEDIATE transactions (see settings).
        """
        rows = Article.objects.filter(pk=self.instance.pk)
        if transaction.get_connection().in_atomic_block:
            rows = rows.select_for_update()
        return rows.values_list("revision", flat=True).first()


def conflict_message(article, started):
    latest = article.versions.select_related("saved_by").first()
    who = (latest.saved_by.get_username() if latest and latest.saved_by else None) or _("Someone else")
    when = _when(latest.saved_at if latest else article.updated_at)
    text = _(
        "%(who)s saved this story at %(when)s, after you opened it. Nothing of yours has been saved yet "
        "and your text is still in the form below: merge their changes into it, then save again."
    ) % {"who": who, "when": when}
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


class CorrectionInline(admin.StackedInline):
    model = Correction
    extra = 0
    fields = ["kind", "published_at", "text", "created_by"]
    readonly_fields = ["created_by"]
    verbose_name_plural = gettext_lazy("Corrections and updates (shown to readers under the story)")

    def has_add_permission(self, request, obj=None):
        return workflow.can_publish(request.user) and obj is not None

    def has_change_permission(self, request, obj=None):
        return workflow.can_publish(request.user)

    def has_delete_permission(self, request, obj=None):
        return workflow.can_publish(request.user)


class PreviewLinkForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("For"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("Who the link is for, so you know which one to revoke."),
    )
    lifetime = forms.TypedChoiceField(
        label=gettext_lazy("Works for"), choices=PREVIEW_LIFETIMES, coerce=int, initial=24
    )


class WorkflowAdminMixin:
    """Views and hooks added to the article admin."""

    def workflow_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/history/compare/", view(self.compare_view), name="articles_article_compare"),
            path(
                "<path:object_id>/history/<int:number>/restore/",
                view(self.restore_view),
                name="articles_article_restore",
            ),
            path(
                "<path:object_id>/preview-links/",
                view(self.preview_links_view),
                name="articles_article_preview_links",
            ),
        ]

    def _article(self, request, object_id, *, change=False):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404(_("No such article."))
        allowed = (
            self.has_change_permission(request, article)
            if change
            else self.has_view_or_change_permission(request, article)
        )
        if not allowed:
            raise PermissionDenied
        return article

    def _render(self, request, template, article, title, **context):
        return TemplateResponse(
            request,
            f"admin/articles/article/{template}",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "original": article,
                "title": title,
                "has_view_permission": True,
                **context,
            },
        )

    # Saving

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

    # History

    def history_view(self, request, object_id, extra_context=None):
        article = self._article(request, object_id)
        versions = list(article.versions.select_related("saved_by")[:200])
        return self._render(
            request,
            "history.html",
            article,
            _("History of “%(headline)s”") % {"headline": article},
            versions=versions,
            events=article.events.select_related("user")[:200],
            can_restore=self.has_change_permission(request, article),
        )

    def compare_view(self, request, object_id):
        article = self._article(request, object_id)
        numbers = {name: request.GET.get(name, "") for name in ("from", "to")}
        if not all(value.isdigit() and len(value) < 9 for value in numbers.values() if value):
            return HttpResponseBadRequest(_("Versions are numbers."))
        versions = article.versions.all()
        newer = versions.filter(number=numbers["to"]).first() if numbers["to"] else versions.first()
        if newer is None:
            raise Http404(_("No such version."))
        older = versions.filter(number=numbers["from"]) if numbers["from"] else versions.filter(number__lt=newer.number)
        older = older.first()
        if older is None:
            raise Http404(_("No such version."))
        return self._render(
            request,
            "compare.html",
            article,
            _("Version %(old)s and version %(new)s") % {"old": older.number, "new": newer.number},
            older=older,
            newer=newer,
            changes=history.compare(older.data, newer.data),
            can_restore=self.has_change_permission(request, article),
        )

    def restore_view(self, request, object_id, number):
        article = self._article(request, object_id, change=True)
        version = article.versions.filter(number=number).first()
        if version is None:
            raise Http404(_("No such version."))
        if request.method == "POST":
            missing = history.restore(article, version, request.user)
            workflow.record(
                article, request.user, ArticleEvent.Action.RESTORED, _("Version %(n)s") % {"n": version.number}
            )
            self.message_user(
                request,
                _("Restored version %(n)s as a new version; the one it replaced is kept in the history.")
                % {"n": version.number},
                messages.SUCCESS,
            )
            if missing:
                self.message_user(
                    request,
                    _("These no longer exist and were left out: %(names)s") % {"names": ", ".join(missing)},
                    messages.WARNING,
                )
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
        return self._render(
            request,
            "restore.html",
            article,
            _("Restore version %(n)s?") % {"n": version.number},
            version=version,
            changes=history.compare(history.snapshot(article), version.data),
        )

    # Preview links

    def preview_links_view(self, request, object_id):
        article = self._article(request, object_id, change=True)
        form = PreviewLinkForm(request.POST if request.POST.get("action") == "create" else None)
        if request.method == "POST":
            if request.POST.get("action") == "revoke":
                link_id = request.POST.get("link", "")
                link = (
                    article.preview_links.filter(pk=link_id).first()
                    if link_id.isdigit() and len(link_id) < 12
                    else None
                )
                if link is None:
                    return HttpResponseBadRequest(_("No such preview link."))
                if link.revoked_at is None:
                    link.revoked_at = timezone.now()
                    link.save(update_fields=["revoked_at"])
                    workflow.record(article, request.user, ArticleEvent.Action.PREVIEW_REVOKED, link.note)
                self.message_user(request, _("The preview link was revoked: it no longer opens the story."))
                return HttpResponseRedirect(request.path)
            if form.is_valid():
                link = PreviewLink.objects.create(
                    article=article,
                    note=form.cleaned_data["note"],
                    created_by=request.user,
                    expires_at=timezone.now() + timedelta(hours=form.cleaned_data["lifetime"]),
                )
                workflow.record(
                    article,
                    request.user,
                    ArticleEvent.Action.PREVIEW_LINK,
                    _("For %(note)s, until %(time)s") % {"note": link.note or "—", "time": _when(link.expires_at)},
                )
                self.message_user(request, _("Preview link made. Copy it from the list below."), messages.SUCCESS)
                return HttpResponseRedirect(request.path)
        links = [(link, request.build_absolute_uri(link.get_absolute_url())) for link in article.preview_links.all()]
        return self._render(
            request,
            "preview_links.html",
            article,
            _("Preview links for “%(headline)s”") % {"headline": article},
            form=form,
            links=links,
            now=timezone.now(),
        )


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
