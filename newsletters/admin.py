"""
Subscribers and sends in the admin: find a reader, export the list, erase someone (their address,
what they followed and every email's record go with them), each send with its counts, a preview
of the next digest and a test of it to yourself.
"""

import csv

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .content import digest_email, digest_stories
from .models import Delivery, Follow, Mailing, Subscriber
from .rounds import next_digest_time


class FollowInline(admin.TabularInline):
    model = Follow
    autocomplete_fields = ["location"]
    fields = ["location", "created_at"]
    readonly_fields = ["created_at"]
    extra = 0


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "status", "language", "digest", "breaking", "created_at", "confirmed_at"]
    list_filter = ["status", "language", "digest", "breaking"]
    search_fields = ["email"]
    readonly_fields = ["created_at", "confirmed_at", "confirmation_sent_at", "place_email_sent_at"]
    inlines = [FollowInline]
    actions = ["export_csv"]

    @admin.action(description=gettext_lazy("Export the selected subscribers (CSV)"))
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="subscribers.csv"'
        writer = csv.writer(response)
        writer.writerow(["email", "status", "edition", "digest", "breaking", "places", "signed up", "confirmed"])
        for subscriber in queryset.prefetch_related("follows__location"):
            places = "; ".join(follow.location.name for follow in subscriber.follows.all())
            writer.writerow(
                [
                    subscriber.email,
                    subscriber.status,
                    subscriber.language,
                    subscriber.digest,
                    subscriber.breaking,
                    places,
                    subscriber.created_at.isoformat(),
                    subscriber.confirmed_at.isoformat() if subscriber.confirmed_at else "",
                ]
            )
        return response


def _count(status):
    return Count("deliveries", filter=Q(deliveries__status=status))


@admin.register(Mailing)
class MailingAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "kind",
        "language",
        "send_at",
        "finished_at",
        "queued",
        "sent",
        "failed",
        "bounced",
        "unsubscribed",
    ]
    list_filter = ["kind", "language"]
    readonly_fields = ["kind", "language", "subject", "article", "day", "created_at", "send_at", "finished_at", "note"]
    change_list_template = "admin/newsletters/mailing/change_list.html"

    def has_add_permission(self, request):
        return False

    def get_queryset(self, request):
        status = Delivery.Status
        return (
            super()
            .get_queryset(request)
            .annotate(
                queued_count=_count(status.QUEUED) + _count(status.SENDING),
                sent_count=_count(status.SENT),
                failed_count=_count(status.FAILED) + _count(status.UNKNOWN),
                bounced_count=_count(status.BOUNCED) + _count(status.COMPLAINED),
                unsubscribed_count=_count(status.SKIPPED),
            )
        )

    @admin.display(description=gettext_lazy("queued"), ordering="queued_count")
    def queued(self, mailing):
        return mailing.queued_count

    @admin.display(description=gettext_lazy("sent"), ordering="sent_count")
    def sent(self, mailing):
        return mailing.sent_count

    @admin.display(description=gettext_lazy("failed"), ordering="failed_count")
    def failed(self, mailing):
        return mailing.failed_count

    @admin.display(description=gettext_lazy("bounced or spam"), ordering="bounced_count")
    def bounced(self, mailing):
        return mailing.bounced_count

    @admin.display(description=gettext_lazy("unsubscribed"), ordering="unsubscribed_count")
    def unsubscribed(self, mailing):
        return mailing.unsubscribed_count

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("digest-preview/<str:language>/", view(self.preview_view), name="newsletters_digest_preview"),
            path("digest-test/<str:language>/", view(self.test_view), name="newsletters_digest_test"),
            *super().get_urls(),
        ]

    def _next_digest(self, language):
        until = next_digest_time()
        stories = digest_stories(language, min(until, timezone.now()))
        return (digest_email(language, until, stories) if stories else None), until

    def preview_view(self, request, language):
        """The next digest as it stands now: the stories of the last day, drawn as readers will get it."""
        email, until = self._next_digest(language)
        context = {**self.admin_site.each_context(request), "email": email, "until": until, "language": language}
        context["title"] = _("Next digest, as it stands now")
        return TemplateResponse(request, "admin/newsletters/mailing/digest_preview.html", context)

    def test_view(self, request, language):
        if request.method != "POST":
            return redirect("admin:newsletters_digest_preview", language=language)
        email, _until = self._next_digest(language)
        if email is None or not request.user.email:
            message = (
                _("Nothing to send: no stories yet.") if email is None else _("Your account has no email address.")
            )
            self.message_user(request, message, messages.WARNING)
        else:
            reader = Subscriber(email=request.user.email, language=language)
            email.to(reader, to_list=False).send()
            self.message_user(
                request, _("Sent a test of the next digest to %(email)s.") % {"email": request.user.email}
            )
        return redirect("admin:newsletters_digest_preview", language=language)
