"""A story's former addresses, and the library photos placed in its body."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .article import Article
from .taxonomy import Author


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


def detail_prefetches():
    """What the article page draws besides the story's own row, section and hero photo."""
    return [
        models.Prefetch("authors", queryset=Author.objects.select_related("photo")),  # one query, not two
        "tags",
        "locations",
        "corrections",
        models.Prefetch("photos", queryset=ArticlePhoto.objects.select_related("image")),
    ]
