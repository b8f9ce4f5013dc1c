"""The story itself: its fields, its workflow and the rules its dates and translations follow."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField
from taggit.managers import TaggableManager

from common.keys import Shown
from common.text import unique_slug

from ..body import place_after_paragraphs
from ..editions import in_edition
from ..sanitize import BODY_EXTENSIONS, sanitize_body
from .coverage import LiveCoverage
from .queries import ArticleQuerySet
from .status import Status, public_q
from .taxonomy import Author, FoldedTags, Section, TaggedArticle

#: The stored row's fields a save compares with the new ones (see Article.save and articles.receivers).
BEFORE = [
    "slug", "revision", "section_id", "published_at", "is_featured", "language", "translation_of_id", "live_sequence",
]  # fmt: skip


class PublishingError(Exception):
    """Raised when a story is not ready to go public; the message says why, for the editor."""


class Article(LiveCoverage, Shown, models.Model):
    Status = Status

    headline = models.CharField(_("headline"), max_length=250)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        help_text=_(
            "The story's web address. Filled in from the headline; Latin letters, digits and hyphens. "
            "After a change the old address keeps working: it redirects here."
        ),
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The edition the story appears in. A story is written in one language."),
    )
    translation_of = models.ForeignKey(
        "self",
        verbose_name=_("translation of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        db_index=False,  # see article_translation_idx
        related_name="translations",
        help_text=_(
            "The story in the other language that this one translates. Readers are offered the other "
            "version, and search engines are told the two are the same story."
        ),
    )
    standfirst = models.TextField(
        _("standfirst"),
        max_length=600,
        blank=True,
        help_text=_("One or two sentences under the headline that tell the reader what happened."),
    )
    body = ProseEditorField(
        _("body"),
        extensions=BODY_EXTENSIONS,
        sanitize=True,
        blank=True,
    )
    body_html = models.TextField(editable=False, blank=True)
    authors = models.ManyToManyField(Author, verbose_name=_("bylines"), related_name="articles", blank=True)
    section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
    )
    hero_image = models.ForeignKey(
        "media.Image",
        verbose_name=_("hero photo"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hero_articles",
        help_text=_("Shown at the top of the article and on story cards."),
    )
    hero_caption = models.CharField(
        _("hero caption"),
        max_length=500,
        blank=True,
        help_text=_("Caption for this story only. Leave blank to use the photo's own caption."),
    )
    tags = TaggableManager(
        verbose_name=_("tags"),
        through=TaggedArticle,
        manager=FoldedTags,
        blank=True,
        help_text=_("Topics. Pick existing ones as you type; a new one is created when nothing matches."),
    )
    locations = models.ManyToManyField(
        "locations.Location",
        verbose_name=_("places"),
        related_name="articles",
        blank=True,
        help_text=_(
            "The places the story is about. Tag the most precise place: the story also appears "
            "on the pages of every region it lies in."
        ),
    )
    dismissed_places = models.ManyToManyField(
        "locations.Location",
        verbose_name=_("dismissed place suggestions"),
        related_name="+",
        blank=True,
        editable=False,
        help_text=_("Places the text mentions that an editor chose not to be offered again for this story."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status,
        default=Status.DRAFT,
        help_text=_(
            "Writers file a draft as “Ready for review”. An editor publishes it; with a future time below, "
            "“Published” schedules the story and it goes out at that moment by itself."
        ),
    )
    is_featured = models.BooleanField(
        _("lead story"),
        default=False,
        help_text=_("Lead the home page with this story. The newest published lead story wins."),
    )
    send_alert = models.BooleanField(
        _("send as alert"),
        default=False,
        help_text=_("Email it to every reader who asked for breaking news, once, as it goes out."),
    )
    published_at = models.DateTimeField(
        _("published at"),
        null=True,
        blank=True,
        help_text=_(
            "Kyiv time. A published story stays hidden until this moment; left blank, it is set "
            "to the moment of publishing."
        ),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    revised_at = models.DateTimeField(
        _("revised at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "The last change readers could see after the story went out: an edit of the public story, "
            "or the date of its latest correction or update. Shown as “Updated”."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    is_live = models.BooleanField(
        _("live coverage"),
        default=False,
        help_text=_(
            "A live page: short timestamped posts, newest first, that update in readers' browsers. The "
            "body above becomes the summary readers see first; keep it current as the story moves."
        ),
    )
    coverage_started_at = models.DateTimeField(
        _("coverage started at"),
        null=True,
        blank=True,
        help_text=_("Kyiv time. Left blank, it is the moment the story goes out."),
    )
    coverage_ended_at = models.DateTimeField(
        _("coverage ended at"),
        null=True,
        blank=True,
        help_text=_(
            "Fill in when the live coverage ends: the LIVE label comes off and readers' pages stop "
            "asking for new posts. Not in the future."
        ),
    )
    # The number of the latest published live post: readers' pages ask for posts after the one they have.
    live_sequence = models.PositiveIntegerField(default=0, editable=False)
    # Counts saves. The admin form carries the number it was opened at; a lower one means that
    # someone else saved in between, and the later save is refused instead of overwriting theirs.
    revision = models.PositiveIntegerField(_("revision"), default=0, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_public_idx"),
            models.Index(fields=["language", "status", "-published_at"], name="article_edition_idx"),
            # A story's translations. Partial: nearly every story translates none, and a full index
            # of that one NULL value made SQLite's planner read every story instead.
            models.Index(
                fields=["translation_of"], condition=Q(translation_of__isnull=False), name="article_translation_idx"
            ),
            models.Index(fields=["section", "language", "status", "-published_at"], name="article_section_edition_idx"),
            # The home page's lead: the newest public story of the edition marked as lead, without
            # reading the others. Partial, because both databases test a boolean as a bare column that
            # no index key matches (and SQLite matches the condition only against literal terms, hence
            # language and status in the key: without language, it walked every story of the edition).
            models.Index(
                fields=["language", "status", "-published_at"],
                condition=Q(is_featured=True),
                name="article_edition_lead_idx",
            ),
            # Live coverage still going on (the news sitemap, the LIVE labels): a few rows, found without the others.
            models.Index(fields=["status", "-published_at"], condition=Q(is_live=True), name="article_live_idx"),
            # Tag and byline pages join hundreds of story ids to their status and time; this answers
            # that from the index without reading each story's row (body and all).
            models.Index(fields=["id", "status", "published_at"], name="article_public_by_id_idx"),
            # The sitemaps' date: the latest revisions first, without reading every story. Not led by
            # status, so that SQLite never takes it for the public listings (article_public_idx).
            models.Index(fields=["-revised_at"], name="article_revised_idx"),
        ]
        permissions = [("publish_article", _("Can publish and unpublish articles"))]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Article, self.headline, instance=self, fallback="story")
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        if self.is_live and self.coverage_started_at is None and self.published_at is not None:
            self.coverage_started_at = self.published_at
        self.body_html = sanitize_body(self.body)
        stored = Article.objects.filter(pk=self.pk).values(*BEFORE, was_public=public_q()).first() if self.pk else None
        before = {
            "slug": None, "revision": 0, "section_id": None, "published_at": None, "is_featured": False,
            "language": self.language, "translation_of_id": None,
        }  # fmt: skip
        before.update(stored or {})
        before["was_public"] = bool(before.get("was_public"))
        self.revision = before["revision"] + 1
        # Posts count up in the database (LivePost.save): a copy of the story read earlier must not undo that.
        self.live_sequence = max(self.live_sequence, before.get("live_sequence") or 0)
        if before["was_public"]:
            # Readers saw the story before this edit: it now reads as updated.
            self.revised_at = timezone.now()
        # What the story was, for articles.receivers (redirects, indexes, purges) after the row is saved.
        self.before_save = before
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """The story's address in its own edition (/uk/news/… for a Ukrainian story)."""
        return in_edition(self.language, "articles:detail", slug=self.slug)

    def clean(self):
        super().clean()
        self.clean_coverage()
        other = self.translation_of
        if other is None:
            return
        if other.pk == self.pk:
            raise ValidationError({"translation_of": _("A story cannot be a translation of itself.")})
        if other.translation_of_id:
            # One original per story group: link to the story it translates, not to another translation.
            other = other.translation_of
            self.translation_of = other
        if other.language == self.language:
            raise ValidationError(
                {"translation_of": _("A translation is in the other language: choose a story in another edition.")}
            )
        taken = other.translations.filter(language=self.language).exclude(pk=self.pk).first()
        if taken:
            raise ValidationError(
                {
                    "translation_of": _("“%(story)s” is already its translation in this language.")
                    % {"story": taken.headline}
                }
            )
        if self.pk and self.translations.exists():
            raise ValidationError(
                {"translation_of": _("Other stories translate this one: it is the original of its group.")}
            )

    def language_versions(self):
        """
        {language: address} of the story in each edition it is published in, itself included (when
        public). Reads the other version from with_translation()'s columns when the row has them,
        else asks the database once.
        """
        versions = {self.language: self.get_absolute_url()} if self.is_public else {}
        if not hasattr(self, "translation_slug"):
            found = Article.objects.with_translation().filter(pk=self.pk)
            self.translation_slug, self.translation_language = next(
                iter(found.values_list("translation_slug", "translation_language")), (None, None)
            )
        if self.translation_slug:
            versions[self.translation_language] = in_edition(
                self.translation_language, "articles:detail", slug=self.translation_slug
            )
        return versions

    def publish(self):
        """Make the story public now, or at its set time if that is still to come."""
        if missing := self.images_missing_alt_text():
            raise PublishingError(
                _("Add alt text to %(photos)s before publishing.")
                % {"photos": ", ".join(str(image) for image in missing)}
            )
        self.status = self.Status.PUBLISHED
        self.published_at = self.published_at or timezone.now()
        self.save()

    def unpublish(self):
        """Take the story off the site; it keeps its publication time for a later re-publish."""
        self.status = self.Status.UNPUBLISHED
        self.save()

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and self.published_at is not None and not self.is_public

    @property
    def state(self):
        """The workflow state an editor reads: the status, with "Scheduled" for a story still to go out."""
        return _("Scheduled") if self.is_scheduled else self.get_status_display()

    def images_missing_alt_text(self):
        """Photos on this story (hero and body) that have no alt text yet."""
        images = [self.hero_image] if self.hero_image_id else []
        if self.pk:
            images += [photo.image for photo in self.photos.all()]
        return [image for image in images if not image.alt_text]

    def body_with_photos(self):
        """The body's blocks, each with the body photos placed after it: [(html, [ArticlePhoto])]."""
        return place_after_paragraphs(self.body_html, self.photos.all())

    @property
    def is_public(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def caption(self):
        if self.hero_caption:
            return self.hero_caption
        return self.hero_image.caption if self.hero_image else ""

    @property
    def was_updated(self):
        """True when readers saw a change more than ten minutes after the story went out (see revised_at)."""
        if not self.published_at or not self.revised_at:
            return False
        return (self.revised_at - self.published_at).total_seconds() > 600

    @property
    def modified_at(self):
        """When the public story last changed for its readers: its publication, or a later revision."""
        if self.published_at and self.revised_at:
            return max(self.published_at, self.revised_at)
        return self.published_at or self.revised_at
