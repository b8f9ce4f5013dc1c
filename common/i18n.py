"""Fields kept in both languages: a model holds `x` (English) and `x_uk` (Ukrainian) side by side."""

from django.utils import translation


def in_edition(obj, field):
    """`obj.field` in the language being drawn: its `_uk` twin on Ukrainian pages when filled in."""
    if translation.get_language() == "uk" and (ukrainian := getattr(obj, f"{field}_uk", "")):
        return ukrainian
    return getattr(obj, field)
