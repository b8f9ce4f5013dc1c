"""
Live coverage: the short timestamped posts of a live story, and the record of every version of
each post (kept when a post is deleted).
"""

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField

from common.keys import Shown

from ..editions import in_edition
from ..sanitize import BODY_EXTENSIONS, sanitize_body
from .article import Article
from .indexes import plain_text
from .status import public_q
from .taxonomy import Author

#: What a post's editor offers: a story body's marks, lists and links, without headings.
POST_EXTENSIONS = {name: value for name, value in BODY_EXTENSIONS.items() if name != "Heading"}


class LivePostQuerySet(models.QuerySet):
    def published(self, language=None):
        """Posts readers see: published, on a public story (of one edition, given `language`)."""
        return self.filter(public_q("article__", language), status=LivePost.Status.PUBLISHED)

    def for_timeline(self):
        """Everything a post on the live page draws: its photo, bylines, places and corrections."""
        return self.select_related("image").prefetch_related("authors", "locations", "corrections")

    def about(self, location, language=None):
        """Public posts about `location` or any place inside it, newest first."""
        return (
            self.published(language)
            .filter(location.subtree_q(prefix="locations__"))
            .distinct()
            .order_by("-published_at", "-pk")
        )


class LivePost(Shown, models.Model):
    """One post of a live story: a few sentences, maybe a photo or a link, at a time."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    article = models.ForeignKey(
        Article, verbose_name=_("live story"), on_delete=models.CASCADE, related_name="live_posts"
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        blank=True,
        help_text=_(
            "Optional, a few words in bold above the post. A key event needs one: the key events list shows it."
        ),
    )
    body = ProseEditorField(_("text"), extensions=POST_EXTENSIONS, sanitize=True)
    body_html = models.TextField(editable=False, blank=True)
    image = models.ForeignKey(
        "media.Image",
        verbose_name=_("photo"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="live_posts",
        help_text=_("Optional, from the image library."),
    )
    image_caption = models.CharField(
        _("photo caption"),
        max_length=500,
        blank=True,
        help_text=_("Leave blank to use the photo's own caption. The credit comes from the library."),
    )
    link = models.URLField(
        _("link"),
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("Optional: a source or a longer story, shown as a plain link (nothing is embedded)."),
    )
    link_text = models.CharField(
        _("link text"), max_length=200, blank=True, help_text=_("What the link says. Left blank, its address.")
    )
    is_key_event = models.BooleanField(
        _("key event"), default=False, help_text=_("Listed among the key events at the top of the live page.")
    )
    is_pinned = models.BooleanField(
        _("pinned"), default=False, help_text=_("Shown above the newest posts until it is unpinned.")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(
        _("published at"), null=True, blank=True, editable=False, help_text=_("The post's time, set when it goes out.")
    )
    revised_at = models.DateTimeField(
        _("revised at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The last edit or correction after the post went out: open pages fetch it again."),
    )
    # The post's place in the order of publication (1, 2, 3…), which readers' pages ask after.
    number = models.PositiveIntegerField(null=True, blank=True, editable=False)
    authors = models.ManyToManyField(Author, verbose_name=_("bylines"), related_name="live_posts", blank=True)
    locations = models.ManyToManyField(
        "locations.Location",
        verbose_name=_("places"),
        related_name="live_posts",
        blank=True,
        help_text=_(
            "Left empty, the places the text names are filed for you when the post is saved. The post "
            "then appears on those places' pages and those of the regions above them."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    # Counts saves, for the conflict check of the post's form (as Article.revision).
    revision = models.PositiveIntegerField(default=0, editable=False)

    objects = LivePostQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("live post")
        verbose_name_plural = _("live posts")
        indexes = [
            models.Index(fields=["article", "status", "-published_at"], name="livepost_timeline_idx"),
            models.Index(fields=["article", "status", "number"], name="livepost_after_idx"),
        ]

    def __str__(self):
        return self.title or self.summary(60)

    def save(self, *args, **kwargs):
        self.body_html = sanitize_body(self.body)
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        if self.status == self.Status.PUBLISHED and self.number is not None:
            self.revised_at = timezone.now()  # readers may have the earlier version open
        if self.status == self.Status.PUBLISHED and self.number is None:
            # The story's counter goes up in one UPDATE, so two posts published at once get two numbers.
            Article.objects.filter(pk=self.article_id).update(live_sequence=F("live_sequence") + 1)
            self.number = Article.objects.filter(pk=self.article_id).values_list("live_sequence", flat=True).get()
        self.revision += 1
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """The post's own address: the live page opened at this post, with the post's share card."""
        return in_edition(self.article.language, "articles:live_post", slug=self.article.slug, pk=self.pk)

    @property
    def anchor(self):
        return f"post-{self.pk}"

    @property
    def is_public(self):
        return self.status == self.Status.PUBLISHED and self.article.is_public

    @property
    def caption(self):
        return self.image_caption or (self.image.caption if self.image else "")

    def text(self):
        """The post's words, without markup."""
        return plain_text(self.body_html)

    def summary(self, length=200):
        """The title, else the start of the text: what a share card, a feed or a place page shows."""
        if self.title:
            return self.title
        words = " ".join(self.text().split())
        return words if len(words) <= length else words[: length - 1].rsplit(" ", 1)[0] + "…"


class LivePostVersion(models.Model):
    """A live post as it was saved, published or deleted; never changed afterwards, kept after a delete."""

    class Action(models.TextChoices):
        SAVED = "saved", _("Saved")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Taken back to draft")
        DELETED = "deleted", _("Deleted")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="live_post_versions")
    # Not a foreign key: the record outlives the post.
    post_id = models.PositiveIntegerField(_("post"), db_index=True)
    action = models.CharField(_("action"), max_length=20, choices=Action)
    saved_at = models.DateTimeField(_("saved at"), default=timezone.now)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    body_html = models.TextField(_("text"), blank=True)
    data = models.JSONField(default=dict)

    class Meta:
        ordering = ["-saved_at", "-pk"]
        verbose_name = _("live post version")
        verbose_name_plural = _("live post versions")

    def __str__(self):
        return f"{self.post_id}: {self.get_action_display()} {self.saved_at:%Y-%m-%d %H:%M}"

    @classmethod
    def record(cls, post, user, action):
        return cls.objects.create(
            article_id=post.article_id,
            post_id=post.pk,
            action=action,
            saved_by=user,
            title=post.title,
            body_html=post.body_html,
            data={
                "status": post.status,
                "is_key_event": post.is_key_event,
                "is_pinned": post.is_pinned,
                "image": post.image_id,
                "image_caption": post.image_caption,
                "link": post.link,
                "link_text": post.link_text,
                "published_at": post.published_at.isoformat() if post.published_at else None,
            },
        )
