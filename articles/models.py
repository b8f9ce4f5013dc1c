import secrets
from collections import Counter, defaultdict
from datetime import datetime

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField
from taggit.managers import TaggableManager, _TaggableManager
from taggit.models import ItemBase, TagBase

from newsroom.text import unique_slug

from .body import place_after_paragraphs
from .freshness import bump_news_version, news_version  # noqa: F401 (imported from here elsewhere)
from .sanitize import BODY_EXTENSIONS, sanitize_body
from .search import sync_search_entries
from .tagging import clean_name, look_alike_key, tag_key, tag_slug


def public_q(prefix=""):
    """
    The rule behind published(), as a Q. The place index keeps copies of the two fields it reads,
    so counting a place's stories never has to visit the articles themselves.
    """
    return Q(**{f"{prefix}status": Article.Status.PUBLISHED, f"{prefix}published_at__lte": timezone.now()})


class PublishingError(Exception):
    """Raised when a story is not ready to go public; the message says why, for the editor."""


class Section(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(
        _("description"), blank=True, help_text=_("One or two sentences shown on the section page.")
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Sections are listed in the menu and on the home page in this order.")
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:section", kwargs={"slug": self.slug})


class Author(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    role = models.CharField(
        _("role"), max_length=200, blank=True, help_text=_('Shown with the byline, e.g. "Kramatorsk correspondent".')
    )
    bio = models.TextField(_("short bio"), blank=True)
    photo = models.ForeignKey(
        "media.Image",
        verbose_name=_("photo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_photos",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("site account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author",
        help_text=_("Optional: bylines need not belong to someone who logs in."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})


class TagQuerySet(models.QuerySet):
    def moved_from(self, slug):
        """The tag that took over an old address (by a merge or a rename), or None."""
        return self.filter(redirects__old_slug=slug).first()


class Tag(TagBase):
    """A topic tag: one per idea whatever the case or spacing, with a Latin slug for every script."""

    key = models.CharField(
        max_length=100,
        unique=True,
        editable=False,
        help_text="The name case-folded: two names with one key are one tag.",
    )
    look_alike_key = models.CharField(max_length=100, db_index=True, editable=False)
    needs_review = models.BooleanField(
        _("needs review"),
        default=False,
        help_text=_("Created by a writer; an editor checks it is not a duplicate, then clears this."),
    )

    objects = TagQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def save(self, *args, **kwargs):
        self.name = clean_name(self.name)
        self.key = tag_key(self.name)
        self.look_alike_key = look_alike_key(self.name)
        old_slug = old_name = None
        if self.pk:
            old_slug, old_name = Tag.objects.filter(pk=self.pk).values_list("slug", "name").first() or (None, None)
            if not self.slug:
                self.slug = unique_slug(Tag, self.name, instance=self, max_length=90, fallback=tag_slug(self.name))
        super().save(*args, **kwargs)
        if old_slug and old_slug != self.slug:
            # A renamed tag keeps its old address: it answers with a redirect to the new one.
            TagRedirect.objects.update_or_create(old_slug=old_slug, defaults={"tag": self})
        TagRedirect.objects.filter(old_slug=self.slug).delete()
        if old_name is not None and old_name != self.name:
            # Stories are found by their tags' names: a renamed tag renames them in search.
            sync_search_entries(self.tagged_articles.values_list("content_object_id", flat=True))

    def clean(self):
        same = Tag.objects.filter(key=tag_key(self.name)).exclude(pk=self.pk).first()
        if same:
            raise ValidationError(
                {"name": _("The tag “%(tag)s” exists already: use or rename it.") % {"tag": same.name}}
            )

    def slugify(self, tag, i=None):
        slug = tag_slug(tag)
        return f"{slug}-{i + 1}" if i is not None else slug

    def get_absolute_url(self):
        return reverse("articles:tag", kwargs={"slug": self.slug})

    def merge(self, others):
        """Move every story of `others` to this tag, delete them, and send their addresses here."""
        others = [tag for tag in others if tag.pk != self.pk]
        moved = []
        for other in others:
            # A story with both tags keeps one link; the others change tag in a single update.
            already = TaggedArticle.objects.filter(tag=self).values("content_object_id")
            TaggedArticle.objects.filter(tag=other, content_object_id__in=already).delete()
            moving = TaggedArticle.objects.filter(tag=other)
            moved += list(moving.values_list("content_object_id", flat=True))
            moving.update(tag=self)
            TagRedirect.objects.filter(tag=other).update(tag=self)
            old_slug = other.slug
            other.delete()
            TagRedirect.objects.update_or_create(old_slug=old_slug, defaults={"tag": self})
        # Bulk updates send no signals: the moved stories' search text learns the kept name here.
        sync_search_entries(moved)
        bump_news_version()
        return len(moved)


class TagRedirect(models.Model):
    """An old tag address (from a merge or a rename) that now leads to another tag."""

    old_slug = models.SlugField(max_length=100, unique=True)
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.old_slug} → {self.tag.slug}"


class NormalisedTagManager(_TaggableManager):
    """Finds existing tags by their key, so "fortress  Belt" is the tag "Fortress belt"."""

    def _to_tag_model_instances(self, tags, tag_kwargs):
        names = {clean_name(t) for t in tags if isinstance(t, str) and clean_name(t)}
        existing = {tag.key: tag for tag in Tag.objects.filter(key__in={tag_key(n) for n in names})}
        result, seen = [], set()
        for item in tags:
            if isinstance(item, Tag):
                tag = item
            else:
                name = clean_name(item)
                if not name:
                    continue
                tag = existing.get(tag_key(name))
                if tag is None:
                    tag, _created = Tag.objects.get_or_create(key=tag_key(name), defaults={"name": name})
                    existing[tag.key] = tag
            if tag.pk not in seen:
                seen.add(tag.pk)
                result.append(tag)
        return result


class TaggedArticle(ItemBase):
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged_articles")
    content_object = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="tagged_items")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["content_object", "tag"], name="unique_article_tag")]
        # A tag page reads its stories' ids from the index alone, however many the tag has.
        indexes = [models.Index(fields=["tag", "content_object"], name="tagged_article_by_tag_idx")]


#: Stories considered per source (tags, places) when picking related stories.
RELATED_CANDIDATES = 50


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """The one definition of public: published, and the publication time has come."""
        return self.filter(public_q())

    def for_listing(self):
        """
        Everything a story card draws: section, hero photo and bylines; never the body, which a card
        does not show and which would be read and sorted for every story of a long list.
        """
        return self.select_related("section", "hero_image").prefetch_related("authors").defer("body", "body_html")

    def for_feed(self):
        """A feed item: a story card's fields and the story's corrections and updates."""
        return self.for_listing().prefetch_related("corrections")

    def for_detail(self):
        """Everything the article page draws about the article itself."""
        return self.select_related("section", "hero_image").prefetch_related(
            "authors__photo",
            "tags",
            "locations",
            "corrections",
            models.Prefetch("photos", queryset=ArticlePhoto.objects.select_related("image")),
        )

    def about(self, location):
        """
        Public stories about `location` or any place inside it, newest first. Reads the place index,
        filtered by the same rule as published() on its copies, so the database walks one index
        in order and stops after a page.
        """
        return self.filter(public_q("place_index__"), place_index__location=location).order_by(
            "-place_index__published_at", "-pk"
        )

    def lead(self):
        """The home page's lead: the newest story marked as lead, else the newest story."""
        return self.filter(is_featured=True).first() or self.first()

    def top_per_section(self, per_section, sections):
        """
        The newest `per_section` stories of each of `sections`, in one query: a small indexed
        "newest N of this section" subquery per section, so the archive's size does not matter
        (ranking every story by section with a window function read all of them).
        """
        newest = Q()
        for section in sections:
            ids = self.filter(section=section).order_by("-published_at", "-pk").values("pk")[:per_section]
            newest |= Q(pk__in=ids)
        return self.filter(newest) if newest else self.none()

    def related_to(self, article, limit=4):
        """
        Up to `limit` stories sharing most tags and places with `article`, newest first among equals.

        Two small grouped queries (by tags, by places) instead of one join of both: with popular
        tags and 100,000 stories the joined version had to count millions of row pairs.
        """
        scores, newest = Counter(), {}
        sources = (
            (TaggedArticle.objects, "tag_id", [tag.pk for tag in article.tags.all()], "content_object"),
            (
                Article.locations.through.objects,
                "location_id",
                [place.pk for place in article.locations.all()],
                "article",
            ),
        )
        for rows, key, ids, story in sources:
            if not ids:
                continue
            shared = (
                rows.filter(public_q(f"{story}__"), **{f"{key}__in": ids})
                .exclude(**{f"{story}_id": article.pk})
                .values(f"{story}_id")
                .annotate(shared=Count(key), at=Max(f"{story}__published_at"))
                .order_by("-shared", "-at")[:RELATED_CANDIDATES]
            )
            for row in shared:
                scores[row[f"{story}_id"]] += row["shared"]
                newest[row[f"{story}_id"]] = row["at"]
        best = sorted(scores, key=lambda pk: (scores[pk], newest[pk]), reverse=True)[:limit]
        found = self.in_bulk(best)
        return [found[pk] for pk in best if pk in found]


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("Ready for review")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")

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
        manager=NormalisedTagManager,
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
            models.Index(fields=["section", "status", "-published_at"], name="article_section_idx"),
            # The home page's lead: the newest public story marked as lead, without reading the others.
            # Partial, because both databases test a boolean as a bare column that no index key matches
            # (and SQLite matches the condition only against literal terms, hence status in the key).
            models.Index(fields=["status", "-published_at"], condition=Q(is_featured=True), name="article_lead_idx"),
            # Tag and byline pages join hundreds of story ids to their status and time; this answers
            # that from the index without reading each story's row (body and all).
            models.Index(fields=["id", "status", "published_at"], name="article_public_by_id_idx"),
        ]
        permissions = [("publish_article", _("Can publish and unpublish articles"))]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Article, self.headline, instance=self, fallback="story")
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        self.body_html = sanitize_body(self.body)
        old_slug, old_revision, was_public = (
            Article.objects.filter(pk=self.pk).values_list("slug", "revision", public_q()).first() if self.pk else None
        ) or (None, 0, False)
        self.revision = old_revision + 1
        if was_public:
            # Readers saw the story before this edit: it now reads as updated.
            self.revised_at = timezone.now()
        super().save(*args, **kwargs)
        if old_slug and old_slug != self.slug:
            # Links already shared keep working: the old address redirects here for good.
            ArticleRedirect.objects.update_or_create(old_slug=old_slug, defaults={"article": self})
        ArticleRedirect.objects.filter(old_slug=self.slug).delete()
        PlaceIndex.objects.filter(article=self).update(status=self.status, published_at=self.published_at)
        sync_search_entries([self.pk])
        bump_news_version(schedule_changed=True)

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

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


class ArticleRedirect(models.Model):
    """A story's former address (its slug before an edit), answered with a 301 to the story."""

    old_slug = models.SlugField(max_length=200, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.old_slug} → {self.article.slug}"


class ArticlePhoto(models.Model):
    """A library photo placed in the body of a story, between two paragraphs."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(
        "media.Image", verbose_name=_("photo"), on_delete=models.PROTECT, related_name="body_uses"
    )
    after_paragraph = models.PositiveSmallIntegerField(
        _("after paragraph"),
        default=1,
        help_text=_("Count the body's paragraphs: 1 puts the photo after the first. 0 puts it before the text."),
    )
    caption = models.CharField(
        _("caption"), max_length=500, blank=True, help_text=_("Leave blank to use the photo's own caption.")
    )

    class Meta:
        ordering = ["after_paragraph", "pk"]
        verbose_name = _("photo in the body")
        verbose_name_plural = _("photos in the body")

    def __str__(self):
        return f"{self.image} (after paragraph {self.after_paragraph})"

    @property
    def display_caption(self):
        return self.caption or self.image.caption


class PlaceIndexQuerySet(models.QuerySet):
    def published(self):
        """Index rows of public stories: the same rule as Article.objects.published()."""
        return self.filter(public_q())

    def rebuild(self, article_ids):
        """Recompute the rows of these articles from their tagged places, their ancestors and areas."""
        from locations.models import Location

        article_ids = list(article_ids)
        tagged = Article.locations.through.objects.filter(article_id__in=article_ids).values_list(
            "article_id", "location__path"
        )
        areas = defaultdict(set)
        for area_id, member_path in Location.members.through.objects.values_list(
            "from_location_id", "to_location__path"
        ):
            areas[member_path].add(area_id)
        places_of = defaultdict(set)
        for article_id, path in tagged:
            chain = [int(part) for part in path.strip("/").split("/") if part]
            places_of[article_id].update(chain)
            for member_path, area_ids in areas.items():
                if path.startswith(member_path):
                    places_of[article_id].update(area_ids)
        copies = {
            pk: (status, at)
            for pk, status, at in Article.objects.filter(pk__in=article_ids).values_list("pk", "status", "published_at")
        }
        self.filter(article_id__in=article_ids).delete()
        bump_news_version()
        self.bulk_create(
            (
                PlaceIndex(
                    article_id=article_id,
                    location_id=location_id,
                    status=copies[article_id][0],
                    published_at=copies[article_id][1],
                )
                for article_id, location_ids in places_of.items()
                for location_id in location_ids
            ),
            batch_size=5000,
        )


class PlaceIndex(models.Model):
    """
    One row for every place a story is about: the tagged places, every place above them and every
    informal area they belong to. Place pages and their counts read only this table. Kept by
    Article.save() (status and time) and by rebuild() when an article's places or the hierarchy change.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="place_index")
    location = models.ForeignKey("locations.Location", on_delete=models.CASCADE, related_name="story_index")
    status = models.CharField(max_length=20, choices=Article.Status)
    published_at = models.DateTimeField(null=True)

    objects = PlaceIndexQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["location", "article"], name="unique_place_index_row")]
        # The story's id is in the index too: a place's page is found by walking the index alone,
        # so page 1,000 of Ukraine skips 12,000 index entries, not 12,000 stories.
        indexes = [
            models.Index(fields=["location", "status", "-published_at", "-article"], name="place_index_listing_idx")
        ]

    def __str__(self):
        return f"{self.article_id} in {self.location_id}"


class SearchEntry(models.Model):
    """
    What search reads for a story (see articles.search): its text, its place and tag names, and
    copies of status and publication time so public results come from this table alone.
    """

    article = models.OneToOneField(Article, on_delete=models.CASCADE, primary_key=True, related_name="search_entry")
    status = models.CharField(max_length=20, choices=Article.Status)
    published_at = models.DateTimeField(null=True)
    headline = models.TextField()
    standfirst = models.TextField(blank=True)
    body = models.TextField(blank=True)
    extra = models.TextField(blank=True, help_text="Tags, bylines and every name of the story's places.")
    vector = SearchVectorField(null=True, help_text="PostgreSQL only: the weighted tsvector, GIN-indexed.")

    class Meta:
        # Newest-first listing of a very common word walks this index and stops after a page.
        indexes = [models.Index(fields=["status", "-published_at"], name="search_entry_public_idx")]

    def __str__(self):
        return self.headline


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
        super().save(*args, **kwargs)
        # The story changed for its readers as of the note's date: "Updated" in lists, dateModified, feeds.
        revised_at = Article.objects.filter(pk=self.article_id).values_list("revised_at", flat=True).first()
        Article.objects.filter(pk=self.article_id).update(
            updated_at=timezone.now(), revised_at=max(filter(None, [revised_at, self.published_at]))
        )
        bump_news_version()


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
