from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _


def validate_image_size(file):
    limit = settings.IMAGE_MAX_UPLOAD_BYTES
    if file.size > limit:
        raise ValidationError(
            _("This file is %(size)s; the largest photo allowed is %(limit)s."),
            params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
            code="file_too_large",
        )


class Image(models.Model):
    file = models.ImageField(
        _("file"),
        upload_to="images/%Y/%m/",
        width_field="width",
        height_field="height",
        validators=[validate_image_size],
        help_text=_("JPEG, PNG or WebP."),
    )
    width = models.PositiveIntegerField(_("width"), editable=False, default=0)
    height = models.PositiveIntegerField(_("height"), editable=False, default=0)
    alt_text = models.CharField(
        _("alt text"),
        max_length=300,
        help_text=_(
            "What the photo shows, for readers who cannot see it. Describe the scene, "
            "not the story."
        ),
    )
    caption = models.CharField(
        _("caption"),
        max_length=500,
        blank=True,
        help_text=_("Shown under the photo wherever it is used, unless an article overrides it."),
    )
    credit = models.CharField(
        _("credit"),
        max_length=200,
        blank=True,
        help_text=_('Agency and photographer, e.g. "EPA/Oleg Petrasyuk". Shown as "Photo: …".'),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self):
        label = Truncator(self.caption or self.alt_text).chars(60)
        return f"{label} ({self.credit})" if self.credit else label

    def save(self, *args, **kwargs):
        # Files attached in code (imports, demo data) skip the descriptor that fills these in.
        if self.file and not (self.width and self.height):
            self.width, self.height = self.file.width, self.file.height
        super().save(*args, **kwargs)

    @property
    def url(self):
        return self.file.url if self.file else ""
