import hashlib
import logging
import posixpath
import uuid
from datetime import timedelta
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from common.keys import Shown

from . import processing

logger = logging.getLogger(__name__)


def validate_photo(file):
    """Refuse anything that is not a readable JPEG, PNG, WebP or AVIF photo within the limits."""
    if getattr(file, "_committed", True) or getattr(file.file, "photo_checked", False):
        return  # Stored already, or checked by PhotoFormField: only new, unchecked uploads are opened.
    processing.open_upload(file)
    file.file.photo_checked = True


class PhotoFormField(forms.FileField):
    """
    A file field that explains what is wrong with a bad photo. Django's own ImageField answers
    every problem with one generic message; editors deserve to know if a file is too big,
    damaged or of the wrong kind.
    """

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is not None:
            processing.open_upload(upload)
            upload.photo_checked = True
        return upload


class PhotoField(models.ImageField):
    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PhotoFormField, **kwargs})


def original_path(instance, filename):
    # A random name: the original never appears in a page, and its name says nothing about it.
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"originals/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}.{extension}"


class ImageQuerySet(models.QuerySet):
    def missing_alt_text(self):
        return self.filter(alt_text="")


class Image(Shown, models.Model):
    file = PhotoField(
        _("file"),
        upload_to=original_path,
        validators=[validate_photo],
        help_text=_("JPEG, PNG, WebP or AVIF, up to the size limit. Readers get resized copies, never this file."),
    )
    width = models.PositiveIntegerField(_("width"), editable=False, default=0)
    height = models.PositiveIntegerField(_("height"), editable=False, default=0)
    alt_text = models.CharField(
        _("alt text"),
        max_length=300,
        blank=True,
        help_text=_(
            "What the photo shows, for readers who cannot see it. Describe the scene, not the story. "
            "Required before the photo can appear on a published story."
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
    focal_x = models.FloatField(
        _("focal point, across"),
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_(
            "0 is the left edge, 1 the right. Crops for cards, squares and social media keep this point in view."
        ),
    )
    focal_y = models.FloatField(
        _("focal point, down"),
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("0 is the top edge, 1 the bottom."),
    )
    keep_original_metadata = models.BooleanField(
        _("keep metadata in the stored original"),
        default=False,
        help_text=_(
            "Off (the default): GPS position, camera serial and capture time are removed from the stored "
            "original too. On: the archive copy keeps them. Readers never receive metadata either way. "
            "Takes effect when a file is uploaded."
        ),
    )
    renditions = models.JSONField(
        default=dict,
        editable=False,
        help_text="The resized copies made from the original: {crop: [[width, height], ...]}.",
    )
    rendition_token = models.CharField(max_length=16, editable=False, blank=True)
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

    objects = ImageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self):
        label = Truncator(self.caption or self.alt_text or self.file.name).chars(60)
        return f"{label} ({self.credit})" if self.credit else label

    def save(self, *args, **kwargs):
        if self.file and not self.file._committed:
            original = processing.clean_original(self.file.file, keep_metadata=self.keep_original_metadata)
            self.file = ContentFile(original.data, name=f"upload.{original.extension}")
            self.width, self.height = original.width, original.height
        elif self.file and not (self.width and self.height):
            # A file stored by code (file.save()) rather than uploaded: read its size.
            with self.file.open("rb") as stored:
                self.width, self.height = processing.upright_size(stored)
        new_upload = self.file and not self.file._committed
        super().save(*args, **kwargs)
        if self.file and self.rendition_token != self.expected_token():
            try:
                self.make_renditions()
            except Exception:
                # The row is rolled back by the caller's transaction; the new file must go too.
                if new_upload:
                    self.file.storage.delete(self.file.name)
                raise

    def expected_token(self):
        """Names the current set of renditions; changes with the file, the focal point or the code."""
        key = f"{self.file.name}|{self.focal_x:.4f}|{self.focal_y:.4f}|{processing.RENDITION_VERSION}"
        return hashlib.sha256(key.encode()).hexdigest()[:12]

    def rendition_prefix(self, token=None):
        return f"renditions/{self.pk}/{token or self.rendition_token}/"

    def make_renditions(self):
        """Draw every rendition and store it; the previous set is deleted once the change is committed."""
        storage = self.file.storage
        token = self.expected_token()
        prefix = self.rendition_prefix(token)
        sizes = processing.plan(self.width, self.height)
        written = []

        def write(name, data):
            path = prefix + name
            if storage.exists(path):
                storage.delete(path)
            written.append(storage.save(path, ContentFile(data)))

        try:
            with self.file.open("rb") as original:
                processing.render(original, sizes, focal_x=self.focal_x, focal_y=self.focal_y, write=write)
        except Exception:
            # Leave nothing half-made behind; the caller sees the original error.
            for path in written:
                storage.delete(path)
            raise
        old_names = self.rendition_files()
        self.renditions = {crop: [list(size) for size in crop_sizes] for crop, crop_sizes in sizes.items()}
        self.rendition_token = token
        Image.objects.filter(pk=self.pk).update(renditions=self.renditions, rendition_token=token)
        # Pages already cached (here, in browsers, at the CDN) still name the old set: it stays until
        # they have all expired. Retired in this transaction, so a rollback keeps the old set current.
        RetiredFile.objects.retire(old_names)
        transaction.on_commit(RetiredFile.objects.sweep)

    def rendition_files(self):
        if not self.rendition_token:
            return []
        sizes = {crop: [tuple(size) for size in crop_sizes] for crop, crop_sizes in self.renditions.items()}
        prefix = self.rendition_prefix()
        return [prefix + name for name in processing.rendition_names(sizes)]

    def file_remover(self):
        """
        A function that removes the original from storage at once (readers never see it) and
        retires every rendition (cached pages may still show them). Made before the row is deleted
        (rendition names contain its id, which deleting clears) and called after.
        """
        storage, original, renditions = self.file.storage, self.file.name, self.rendition_files()

        def remove():
            _delete_files(storage, [original])
            RetiredFile.objects.retire(renditions)
            RetiredFile.objects.sweep()

        return remove

    def sources(self, crop):
        """
        What a <picture> of `crop` needs: {"webp": [(url, w, h), ...], "jpg": [...]}, smallest first.
        Empty when the renditions have not been made.
        """
        sizes = self.renditions.get(crop) if self.rendition_token else None
        if not sizes:
            return {}
        storage = self.file.storage
        prefix = self.rendition_prefix()
        extensions = ("jpg",) if crop == "social" else processing.RENDITION_FORMATS
        return {
            extension: [
                (storage.url(prefix + processing.rendition_name(crop, (w, h), extension)), w, h) for w, h in sizes
            ]
            for extension in extensions
        }

    @property
    def social_url(self):
        """The 1200×630 JPEG for sharing and sitemaps; its size is fixed, so no need to read `renditions`."""
        if not self.rendition_token:
            return ""
        name = processing.rendition_name("social", processing.SOCIAL_SIZE, "jpg")
        return self.file.storage.url(self.rendition_prefix() + name)


class RetiredFileQuerySet(models.QuerySet):
    def retire(self, names):
        """Schedule these stored files for deletion once no cache can still name them."""
        delete_after = timezone.now() + timedelta(seconds=settings.RETIRED_FILE_SECONDS)
        self.bulk_create([RetiredFile(name=name, delete_after=delete_after) for name in names])

    def due(self):
        return self.filter(delete_after__lte=timezone.now())

    def sweep(self, batch=1000):
        """Delete the files that are due, and the folders they leave empty; returns how many went."""
        storage = Image._meta.get_field("file").storage
        due = list(self.due().order_by("delete_after", "pk")[:batch])
        _delete_files(storage, [retired.name for retired in due])
        for folder in {posixpath.dirname(retired.name) for retired in due}:
            _remove_empty_folders(storage, folder)
        self.filter(pk__in=[retired.pk for retired in due]).delete()
        return len(due)


class RetiredFile(models.Model):
    """
    A stored file nothing current uses any more (a photo's old renditions after its focal point or
    file changed, or after it was deleted), kept until every cache that may still show a page
    naming it has expired: NEWSROOM_RETIRED_FILE_SECONDS, a day by default.
    """

    name = models.CharField(max_length=500)
    delete_after = models.DateTimeField(db_index=True)

    objects = RetiredFileQuerySet.as_manager()

    def __str__(self):
        return self.name


def _delete_files(storage, names):
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            logger.warning("Could not delete %s from storage", name)


def _remove_empty_folders(storage, folder):
    """On a filesystem, remove `folder` and the folders above it inside renditions/ while they are empty."""
    try:
        root = Path(storage.path("renditions"))
        path = Path(storage.path(folder))
    except NotImplementedError:  # object storage has no folders
        return
    while path != root and root in path.parents:
        try:
            path.rmdir()
        except OSError:  # not empty, or gone already
            return
        path = path.parent
