"""The article admin's preview links: made, listed and revoked by editors."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import workflow
from ..models import ArticleEvent, PreviewLink
from .pages import AdminPagesMixin, when

PREVIEW_LIFETIMES = [
    (1, gettext_lazy("1 hour")),
    (24, gettext_lazy("1 day")),
    (72, gettext_lazy("3 days")),
    (168, gettext_lazy("7 days")),
]


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


class PreviewLinksAdminMixin(AdminPagesMixin):
    """The preview-links view of the article admin."""

    def preview_link_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/preview-links/",
                view(self.preview_links_view),
                name="articles_article_preview_links",
            ),
        ]

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
                    _("For %(note)s, until %(time)s") % {"note": link.note or "—", "time": when(link.expires_at)},
                )
                self.message_user(request, _("Preview link made. Copy it from the list below."), messages.SUCCESS)
                return HttpResponseRedirect(request.path)
        links = [(link, settings.SITE_URL + link.get_absolute_url()) for link in article.preview_links.all()]
        return self._render(
            request,
            "preview_links.html",
            article,
            _("Preview links for “%(headline)s”") % {"headline": article},
            form=form,
            links=links,
            now=timezone.now(),
        )
