"""Text helpers shared by the apps."""

from anyascii import anyascii
from django.utils.text import slugify
from translitua import translit


def latin_slug(value, *, max_length=200, fallback="item"):
    """
    A readable Latin slug for any text.

    Cyrillic goes through Ukraine's official romanisation (KMU 2010), so that
    "Слов'янськ" becomes "sloviansk" and a shared link stays readable; every other
    script through anyascii ("Łódź" → "lodz", 中文 → "zhongwen"). Text that leaves
    nothing behind falls back to `fallback`.
    """
    slug = slugify(anyascii(translit(str(value))))[:max_length].strip("-")
    return slug or fallback


def unique_slug(model, value, *, instance=None, field="slug", max_length=200, fallback="item"):
    """`latin_slug(value)`, suffixed -2, -3… until no other row of `model` has it."""
    base = latin_slug(value, max_length=max_length, fallback=fallback)
    others = model._default_manager.all()
    if instance is not None and instance.pk:
        others = others.exclude(pk=instance.pk)
    candidate, n = base, 1
    while others.filter(**{field: candidate}).exists():
        n += 1
        suffix = f"-{n}"
        candidate = base[: max_length - len(suffix)] + suffix
    return candidate
