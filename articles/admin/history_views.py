"""The article admin's history pages: every saved version, a word-by-word compare, and restore."""

from django.contrib import messages
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext as _

from .. import history, workflow
from ..models import ArticleEvent
from .pages import AdminPagesMixin


class HistoryAdminMixin(AdminPagesMixin):
    """The history, compare and restore views of the article admin."""

    def history_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/history/compare/", view(self.compare_view), name="articles_article_compare"),
            path(
                "<path:object_id>/history/<int:number>/restore/",
                view(self.restore_view),
                name="articles_article_restore",
            ),
        ]

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
