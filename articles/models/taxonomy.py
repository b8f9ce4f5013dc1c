"""What stories are filed under: sections, bylines and topic tags."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from taggit.managers import _TaggableManager
from taggit.models import ItemBase, TagBase

from common.addresses import address
from common.i18n import in_edition
from common.keys import Shown
from common.text import unique_slug

from ..tagging import clean_name, look_alike_key, tag_key, tag_slug
from .indexes import sync_search_entries


class Section(Shown, models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    name_uk = models.CharField(
        _("name in Ukrainian"), max_length=100, blank=True, help_text=_("The section's name in the Ukrainian edition.")
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(
        _("description"), blank=True, help_text=_("One or two sentences shown on the section page.")
    )
    description_uk = models.TextField(_("description in Ukrainian"), blank=True)
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
        return address("articles:section", slug=self.slug)

    @property
    def local_name(self):
        return in_edition(self, "name")

    @property
    def local_description(self):
        return in_edition(self, "description")


class Author(Shown, models.Model):
    name = models.CharField(_("name"), max_length=200)
    name_uk = models.CharField(
        _("name in Ukrainian"), max_length=200, blank=True, help_text=_("The byline in the Ukrainian edition.")
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    role = models.CharField(
        _("role"), max_length=200, blank=True, help_text=_('Shown with the byline, e.g. "Kramatorsk correspondent".')
    )
    role_uk = models.CharField(_("role in Ukrainian"), max_length=200, blank=True)
    bio = models.TextField(_("short bio"), blank=True)
    bio_uk = models.TextField(_("short bio in Ukrainian"), blank=True)
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
        ordering = ["name", "pk"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return address("articles:author", slug=self.slug)

    @property
    def local_name(self):
        return in_edition(self, "name")

    @property
    def local_role(self):
        return in_edition(self, "role")

    @property
    def local_bio(self):
        return in_edition(self, "bio")


class TagQuerySet(models.QuerySet):
    def moved_from(self, slug):
        """The tag that took over an old address (by a merge or a rename), or None."""
        return self.filter(redirects__old_slug=slug).first()

    def for_names(self, names):
        """
        The tags for these names, as editors type them: an existing tag whatever the case, spacing
        or Unicode form ("fortress  Belt" is "Fortress belt"), a new one for a new name; each once,
        in the order given. Tag instances pass through. Hand the result to taggit's own
        `story.tags.set()` or `.add()`.
        """
        wanted = [name for name in (clean_name(item) for item in names if isinstance(item, str)) if name]
        existing = {tag.key: tag for tag in self.filter(key__in={tag_key(name) for name in wanted})}
        tags, seen = [], set()
        for item in names:
            if isinstance(item, TagBase):
                tag = item
            else:
                name = clean_name(item)
                if not name:
                    continue
                tag = existing.get(tag_key(name))
                if tag is None:
                    tag, _created = self.get_or_create(key=tag_key(name), defaults={"name": name})
                    existing[tag.key] = tag
            if tag.pk not in seen:
                seen.add(tag.pk)
                tags.append(tag)
        return tags


class Tag(Shown, TagBase):
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
        return address("articles:tag", slug=self.slug)


class FoldedTags(_TaggableManager):
    """
    taggit's manager of a story's tags, reading names as the site's forms do (Tag.objects.for_names():
    any case, spacing or Unicode form in any script is the existing tag), so that scripts and imports
    calling story.tags.add("мобілізація") or .set() find "Мобілізація" instead of failing on its key
    (taggit folds case with iexact, which SQLite applies to ASCII letters only).
    """

    def _to_tag_model_instances(self, tags, tag_kwargs):
        return super()._to_tag_model_instances(self.through.tag_model().objects.for_names(tags), tag_kwargs)

    def remove(self, *tags):
        names = {tag_key(tag) for tag in tags if isinstance(tag, str)}
        found = self.through.tag_model().objects.filter(key__in=names).values_list("name", flat=True)
        super().remove(*(tag.name for tag in tags if not isinstance(tag, str)), *found)


class TagRedirect(models.Model):
    """An old tag address (from a merge or a rename) that now leads to another tag."""

    old_slug = models.SlugField(max_length=100, unique=True)
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.old_slug} → {self.tag.slug}"


class TaggedArticle(ItemBase):
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged_articles")
    content_object = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="tagged_items")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["content_object", "tag"], name="unique_article_tag")]
        # A tag page reads its stories' ids from the index alone, however many the tag has.
        indexes = [models.Index(fields=["tag", "content_object"], name="tagged_article_by_tag_idx")]
