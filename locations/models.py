import functools
import unicodedata
from difflib import SequenceMatcher

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.addresses import address
from common.i18n import in_edition
from common.keys import Shown
from common.morphology import CYRILLIC, inflect, readings
from common.progress import unshown
from common.text import latin_slug, unique_slug

from .signals import names_rebuilt, place_moved

PATH_SEPARATOR = "/"
FULL_NAME_SEPARATOR = " › "


class LocationQuerySet(models.QuerySet):
    def top_level(self):
        return self.filter(parent__isnull=True)

    def above(self, location_ids):
        """
        The ids of these places, of every place above them and of every informal area that holds
        any of them (Siversk: Bakhmut Raion, Donetsk Oblast, Ukraine, Donbas): the places whose
        pages show what is about them.
        """
        paths = self.filter(pk__in=list(location_ids)).values_list("path", flat=True)
        found = {int(part) for path in paths for part in path.strip(PATH_SEPARATOR).split(PATH_SEPARATOR) if part}
        areas = Location.members.through.objects.filter(to_location_id__in=found)
        return found | set(areas.values_list("from_location_id", flat=True))

    def known_as(self, slug):
        """The place an alternative name's slug most likely means (a spelling over a former name, then size)."""
        return (
            self.filter(names__slug=slug)
            .order_by("-names__is_variant", models.F("population").desc(nulls_last=True), "pk")
            .first()
        )


#: The official register's categories of settlement (see locations.gazetteer), as readers read them.
#: The slug of the country the newsroom reports from: first among countries, and "home" to detection.
HOME_COUNTRY = "ukraine"

CATEGORY_LABELS = {
    "city": _("City"),
    "urban-type settlement": _("Urban-type settlement"),
    "rural settlement": _("Rural settlement"),
    "village": _("Village"),
}


class Location(Shown, models.Model):
    class Kind(models.TextChoices):
        COUNTRY = "country", _("Country")
        REGION = "region", _("Oblast / region")
        DISTRICT = "district", _("District (raion)")
        SETTLEMENT = "settlement", _("City, town or village")
        AREA = "area", _("Informal area")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        blank=True,
        help_text=_("Part of the place's web address. Filled in from the name when left blank."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.SETTLEMENT)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("inside"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("The place this one lies in: a town's oblast, an oblast's country."),
    )
    members = models.ManyToManyField(
        "self",
        verbose_name=_("member places"),
        symmetrical=False,
        blank=True,
        related_name="areas",
        help_text=_(
            "For informal areas only (e.g. Donbas = Donetsk and Luhansk oblasts): its page "
            "also lists stories about these places and everything inside them."
        ),
    )
    alternative_names = models.TextField(
        _("alternative names"),
        blank=True,
        help_text=_(
            "Other spellings readers and sources use, one per line: transliterations "
            "(Slovyansk, Slavyansk), Ukrainian and Russian (Слов'янськ), former names (Artemivsk)."
        ),
    )
    name_uk = models.CharField(
        _("Ukrainian name"), max_length=200, blank=True, help_text=_("The official name in Ukrainian, e.g. Сіверськ.")
    )
    category = models.CharField(
        _("category"),
        max_length=40,
        blank=True,
        help_text=_("What the official register calls it: city, urban-type settlement, village…"),
    )
    code = models.CharField(
        _("code"),
        max_length=20,
        unique=True,
        null=True,
        blank=True,
        help_text=_("ISO 3166 code for countries and regions (UA, UA-14); kept by the gazetteer import."),
    )
    geonames_id = models.PositiveIntegerField(_("GeoNames ID"), unique=True, null=True, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    full_name = models.CharField(
        _("full path"),
        max_length=500,
        editable=False,
        help_text=_("The place and everything above it, e.g. Ukraine › Donetsk Oblast › Siversk."),
    )
    path = models.CharField(
        max_length=255,
        editable=False,
        db_index=True,
        help_text="Primary keys from the root down, e.g. /1/7/42/; kept by save().",
    )

    objects = LocationQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("place")
        verbose_name_plural = _("places")
        constraints = [models.CheckConstraint(condition=~Q(parent=models.F("pk")), name="location_not_own_parent")]

    def __str__(self):
        return self.full_name or self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Location, self.name, instance=self, fallback="place")
        old_path, old_full_name = self.path, self.full_name
        with transaction.atomic():
            if self.pk is None:
                # The path ends with the row's own key, so it is known only after the first insert.
                self.path = ""
                super().save(*args, **kwargs)
                kwargs.pop("force_insert", None)
            self.path = self._compute_path()
            self.full_name = self._compute_full_name()
            super().save(*args, **kwargs)
            below = []
            if old_path and (old_path != self.path or old_full_name != self.full_name):
                below = self._refresh_descendants(old_path)
            if old_path and old_path != self.path:
                place_moved.send(sender=Location, locations=[self, *below])
            PlaceName.rebuild_for([self])

    def get_absolute_url(self):
        return address("places:detail", slug=self.slug)

    def clean(self):
        if self.parent_id and self.pk and (self.parent_id == self.pk or self.parent.path.startswith(self.path)):
            raise ValidationError({"parent": _("A place cannot lie inside itself or inside one of its own places.")})

    @property
    def kind_label(self):
        """What the place is, for a page's kicker: the register's category (city, village…), else its kind."""
        return CATEGORY_LABELS.get(self.category) or self.get_kind_display()

    @property
    def local_name(self):
        """The place's name in the edition being drawn: Сіверськ on Ukrainian pages, Siversk on English ones."""
        return in_edition(self, "name")

    def local_name_in(self, case):
        """
        The local name in a grammatical case, for the words of a page around it: in Ukrainian
        "gent" after "до" and "з" (Донбасу), "loct" after "у" (Донецькій області); in English, or
        for a place without a Ukrainian name, the name as it is.
        """
        if translation.get_language() == "uk" and self.name_uk:
            return inflect(self.name_uk, case)
        return self.local_name

    def all_names(self):
        """The name, the Ukrainian name and every alternative name, without repeats."""
        names = [self.name, self.name_uk, *self.alternative_name_list()]
        return list(dict.fromkeys(name for name in names if name))

    def _compute_path(self):
        prefix = self.parent.path if self.parent_id else PATH_SEPARATOR
        return f"{prefix}{self.pk}{PATH_SEPARATOR}"

    def _compute_full_name(self):
        if self.parent_id:
            return f"{self.parent.full_name}{FULL_NAME_SEPARATOR}{self.name}"
        return self.name

    def _refresh_descendants(self, old_path):
        """Rewrite path and full name below this place after a move or a rename; returns those places."""
        refreshed = {self.pk: self}
        descendants = Location.objects.filter(path__startswith=old_path).exclude(pk=self.pk)
        for place in sorted(descendants, key=lambda p: p.path.count(PATH_SEPARATOR)):
            parent = refreshed[place.parent_id]
            place.path = f"{parent.path}{place.pk}{PATH_SEPARATOR}"
            place.full_name = f"{parent.full_name}{FULL_NAME_SEPARATOR}{place.name}"
            Location.objects.filter(pk=place.pk).update(path=place.path, full_name=place.full_name)
            refreshed[place.pk] = place
        return [place for pk, place in refreshed.items() if pk != self.pk]

    @property
    def ancestor_ids(self):
        """Keys from the root down to, but not including, this place."""
        return [int(part) for part in self.path.strip(PATH_SEPARATOR).split(PATH_SEPARATOR)[:-1] if part]

    def ancestors(self):
        """Places above this one, outermost first (one query)."""
        ids = self.ancestor_ids
        by_id = Location.objects.in_bulk(ids)
        return [by_id[pk] for pk in ids if pk in by_id]

    def subtree_q(self, prefix=""):
        """A Q matching this place, everything under it and, for an area, its members' subtrees."""
        q = Q(**{f"{prefix}path__startswith": self.path})
        if self.kind == self.Kind.AREA:
            for member in self.members.all():
                q |= Q(**{f"{prefix}path__startswith": member.path})
        return q

    def alternative_name_list(self):
        return [line.strip() for line in self.alternative_names.splitlines() if line.strip()]


class PlaceName(models.Model):
    """
    Every name a place is known by, folded for matching: drives alias redirects
    (/places/slovyansk/ -> /places/sloviansk/), search and place detection.
    Rebuilt from Location.all_names(); never edited by hand.
    """

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=200)
    folded = models.CharField(max_length=200, db_index=True)
    slug = models.SlugField(max_length=200, db_index=True)
    dictionary = models.TextField(
        blank=True,
        default="",
        help_text="A Cyrillic name's words in their dictionary forms, a line per reading: what inflected text matches.",
    )
    is_variant = models.BooleanField(
        default=True,
        help_text="The name resembles the place's own (a spelling variant), rather than a former or other name.",
    )

    class Meta:
        verbose_name = _("place name")
        verbose_name_plural = _("place names")

    def __str__(self):
        return self.name

    @classmethod
    def rebuild_for(cls, locations, *, progress=unshown):
        locations = list(locations)
        for start in range(0, len(locations), 5000):  # within every database's limit on parameters
            # Derived rows: deleted in one statement, and names_rebuilt below tells the site once.
            old = cls.objects.filter(location__in=locations[start : start + 5000])
            old._raw_delete(old.db)
        rows, slugs = [], {}  # a gazetteer repeats names (a hundred Andriivkas): romanise each once
        for location in progress(locations, gettext("Place names"), unit=" places"):
            seen = set()
            own = slugs.get(location.name) or slugs.setdefault(location.name, latin_slug(location.name, fallback=""))
            for name in location.all_names():
                folded = fold_name(name)
                if folded and folded not in seen:
                    seen.add(folded)
                    slug = slugs.get(name) or slugs.setdefault(name, latin_slug(name, max_length=200, fallback=""))
                    rows.append(
                        cls(
                            location=location,
                            name=name[:200],
                            folded=folded[:200],
                            dictionary="\n".join(" ".join(key) for key in dictionary_keys(name)),
                            slug=slug,
                            is_variant=slug == own or SequenceMatcher(None, slug, own).ratio() >= VARIANT_SIMILARITY,
                        )
                    )
        cls.objects.bulk_create(rows, batch_size=2000)
        names_rebuilt.send(sender=cls, locations=locations)


#: At most this many dictionary-form spellings of one name are kept (each word may have several readings).
MAX_DICTIONARY_KEYS = 8


def dictionary_keys(name):
    """
    A Cyrillic name's words in their dictionary forms, every combination of readings, folded: [tuple].
    "Сіверськ" has one; "Донецька область" two (the adjective, or the town's genitive). Other names: [].
    """
    if not CYRILLIC.search(name):
        return []
    return combinations([[fold_name(form) for form in readings(word)] for word in name.replace("-", " ").split()])


def combinations(forms):
    """Every sequence taking one of each word's `forms` in turn, the likeliest first, at most MAX_DICTIONARY_KEYS."""
    keys = [()]
    for choices in forms:
        keys = [(*key, form) for key in keys for form in choices][:MAX_DICTIONARY_KEYS]
    return keys


#: How alike (0-1) a name's Latin form must be to the place's own name to count as a spelling of it.
VARIANT_SIMILARITY = 0.6
APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "´": "'", "‘": "'"})


@functools.lru_cache(maxsize=200_000)
def fold_name(name):
    """
    A name as compared when matching: case, apostrophe style, hyphens and accents ignored. Kept per
    word: a story repeats its words, and a gazetteer its names.
    """
    name = unicodedata.normalize("NFKC", name.translate(APOSTROPHES)).casefold()
    name = "".join(ch for ch in unicodedata.normalize("NFD", name) if unicodedata.category(ch) != "Mn")
    name = unicodedata.normalize("NFC", name)
    return " ".join(name.replace("-", " ").replace("'", "").split())
