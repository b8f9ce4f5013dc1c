"""
Parts of pages kept in the cache: a story card, the section menu, the home page's choice of
stories, a place's counts… each kept with the keys it showed and where the purge log stood when
it was drawn (common.copies), and used again while it is current.

kept(name, draw): `draw()` returns the part; the keys of everything it reads are recorded while it
runs (common.keys), so nothing has to name them by hand, and the page that uses the part, drawn now
or kept, carries them too.
"""

from django.core.cache import cache
from django.utils.translation import get_language

from . import copies, keys

#: The longest a part is kept, purged or not.
PART_SECONDS = 24 * 3600


def kept(name, draw, seconds=PART_SECONDS):
    """
    The part called `name` in the language being drawn: as this answer already showed it, else its
    kept copy while current, else `draw()` now.
    """
    address = f"part:{get_language()}:{name}"
    outer = keys.current()
    shown_here = outer.parts if outer is not None else {}
    if address in shown_here:
        value, shown = shown_here[address]
        keys.show(shown)
        return value
    copy = cache.get(address)
    if isinstance(copy, copies.Copy) and copies.check(copy.keys, copy.started).current:
        keys.show(copy.keys)
        shown_here[address] = copy.value, copy.keys
        return copy.value
    started = outer.started if outer is not None and outer.started is not None else copies.start()
    with keys.drawing(started) as frame:
        value = draw()
    if value is not None:  # a part that is not there (a 404) is never kept
        cache.set(address, copies.Copy(value, list(frame.keys), started), seconds)
    shown_here[address] = value, list(frame.keys)
    return value
