"""Fields kept in both languages: a model holds `x` (English) and `x_uk` (Ukrainian) side by side."""

from django.utils import translation


def in_edition(obj, field):
    """`obj.field` in the language being drawn: its `_uk` twin on Ukrainian pages when filled in."""
    if translation.get_language() == "uk" and (ukrainian := getattr(obj, f"{field}_uk", "")):
        return ukrainian
    return getattr(obj, field)


UKRAINIAN_ALPHABET = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"
_UKRAINIAN_ORDER = {letter: position for position, letter in enumerate(UKRAINIAN_ALPHABET)}


def collation_key(text):
    """
    A key that sorts names as a reader of the edition being drawn expects: in Ukrainian by the
    Ukrainian alphabet (Ґ after Г, Є after Е, І and Ї after И; the apostrophe ignored), other
    letters after it; in English by letters, case ignored.
    """
    folded = text.casefold()
    if translation.get_language() != "uk":
        return (folded,)
    return tuple(
        (0, _UKRAINIAN_ORDER[letter]) if letter in _UKRAINIAN_ORDER else (1, ord(letter))
        for letter in folded
        if letter not in "'’ʼ"
    )
