"""What the article admin's own pages (history, compare, restore, preview links) share."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _


def when(moment):
    """A moment in the house style, in Kyiv time."""
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


class AdminPagesMixin:
    """The article admin's own pages beyond the change form: finding the story and drawing the page."""

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
