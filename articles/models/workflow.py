"""The editorial record of a story: corrections, saved versions, the audit trail and preview links."""

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .article import Article
from .status import public_q

#: A note dated this far ahead of the server's clock is still taken as dated now (clocks differ a little).
NOTE_DATE_SLACK = timedelta(minutes=5)


class CorrectionQuerySet(models.QuerySet):
    def public(self):
        """Notes on stories readers can see, newest first."""
        return self.filter(public_q("article__")).order_by("-published_at", "-pk")


class Correction(models.Model):
    """A dated note appended to a published story: a correction of a mistake, or an update."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        UPDATE = "update", _("Update")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    post = models.ForeignKey(
        "LivePost",
        verbose_name=_("live post"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="corrections",
        help_text=_("For a note on one post of a live story: shown under that post."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.CORRECTION)
    text = models.TextField(
        _("text"),
        max_length=2000,
        help_text=_("Shown to readers under the story. For a correction: what was wrong and what is right."),
    )
    published_at = models.DateTimeField(_("dated"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["published_at", "pk"]
        verbose_name = _("correction or update")
        verbose_name_plural = _("corrections and updates")
        indexes = [models.Index(fields=["-published_at"], name="correction_listing_idx")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60]}"

    def save(self, *args, **kwargs):
        if self.post_id and not self.article_id:
            self.article_id = self.post.article_id
        super().save(*args, **kwargs)
        # The story changed for its readers as of the note's date: "Updated" in lists, dateModified, feeds.
        revised_at = Article.objects.filter(pk=self.article_id).values_list("revised_at", flat=True).first()
        Article.objects.filter(pk=self.article_id).update(
            updated_at=timezone.now(), revised_at=max(filter(None, [revised_at, self.published_at]))
        )
        if self.post_id:  # open live pages fetch the post again, with its note
            type(self.post).objects.filter(pk=self.post_id).update(revised_at=timezone.now())

    def clean(self):
        super().clean()
        # Its date becomes the story's last change for readers, sitemaps and feeds: never one to come.
        if self.published_at and self.published_at > timezone.now() + NOTE_DATE_SLACK:
            raise ValidationError(
                {"published_at": _("A correction or update cannot be dated ahead of now: give the time it was made.")}
            )


class ArticleVersion(models.Model):
    """A snapshot of a story as it was saved (see articles.history); never changed afterwards."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    revision = models.PositiveIntegerField(help_text="The article's revision counter when this was taken.")
    saved_at = models.DateTimeField(_("saved at"), default=timezone.now)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("saved by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    data = models.JSONField()

    class Meta:
        ordering = ["-number"]
        verbose_name = _("article version")
        verbose_name_plural = _("article versions")
        constraints = [models.UniqueConstraint(fields=["article", "number"], name="unique_article_version")]

    def __str__(self):
        return f"{self.article_id} v{self.number}"

    @property
    def state(self):
        """The story's workflow state when this version was saved, as the editor read it then."""
        status = self.data.get("status")
        published_at = self.data.get("published_at")
        if status == Article.Status.PUBLISHED and published_at and datetime.fromisoformat(published_at) > self.saved_at:
            return _("Scheduled")
        return Article.Status(status).label if status in Article.Status.values else status


class ArticleEvent(models.Model):
    """The audit trail: who moved a story through the workflow or corrected it, and when."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Sent for review")
        RETURNED = "returned", _("Returned to draft")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")
        CORRECTED = "corrected", _("Correction added")
        UPDATE_ADDED = "update-added", _("Update added")
        RESTORED = "restored", _("Version restored")
        PREVIEW_LINK = "preview-link", _("Preview link made")
        PREVIEW_REVOKED = "preview-revoked", _("Preview link revoked")

    # Kept when the story or the account is deleted: the trail outlives both.
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.SET_NULL, null=True, related_name="events"
    )
    headline = models.CharField(_("headline"), max_length=250)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    username = models.CharField(_("account"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action)
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("workflow event")
        verbose_name_plural = _("audit trail")

    def __str__(self):
        return f"{self.get_action_display()}: {self.headline}"


class PreviewLinkQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class PreviewLink(models.Model):
    """
    A link that shows one unpublished story to someone without an account (a fact-checker).
    The address carries a random key signed with the secret key; the row says when it expires
    and whether it was revoked, so every app server agrees at once.
    """

    SALT = "articles.preview-link"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="preview_links")
    key = models.CharField(max_length=64, unique=True, default=secrets.token_urlsafe, editable=False)
    note = models.CharField(
        _("for"), max_length=100, blank=True, help_text=_("Who the link is for, e.g. “fact-check, M. Kovalenko”.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("made by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("made at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("preview link")
        verbose_name_plural = _("preview links")

    def __str__(self):
        return f"{self.article} ({self.created_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self):
        return reverse("articles:preview", kwargs={"token": self.token})

    @property
    def token(self):
        return signing.Signer(salt=self.SALT).sign(self.key)

    @classmethod
    def key_from_token(cls, token):
        """The key a token carries, or None when the signature does not match."""
        try:
            return signing.Signer(salt=cls.SALT).unsign(token)
        except signing.BadSignature:
            return None

    @property
    def is_active(self):
        return self.revoked_at is None and self.expires_at > timezone.now()
