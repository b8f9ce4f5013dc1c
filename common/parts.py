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

from . import copies, keys, nearby

#: The longest a part is kept, purged or not.
PART_SECONDS = 24 * 3600


def kept(name, draw, seconds=PART_SECONDS):
    """
    The part called `name` in the language being drawn: as this answer already showed it, else its
    kept copy while current (held by this process, else in the shared cache), else `draw()` now.
    """
    address = f"part:{get_language()}:{name}"
    outer = keys.current()
    shown_here = outer.parts if outer is not None else {}
    if address in shown_here:
        value, shown = shown_here[address]
        keys.show(shown)
        return value
    for copy, is_near, is_current in _copies(address, outer):
        if is_current or _is_current(copy, outer):
            if not is_near:
                nearby.keep(address, copy, seconds)
            keys.show(copy.keys)
            shown_here[address] = copy.value, copy.keys
            return copy.value
    started = outer.started if outer is not None and outer.started is not None else copies.start()
    with keys.drawing(started) as frame:
        value = draw()
    if value is not None:  # a part that is not there (a 404) is never kept
        copy = copies.Copy(value, list(frame.keys), started)
        cache.set(address, copy, seconds)
        nearby.keep(address, copy, seconds)
    shown_here[address] = value, list(frame.keys)
    return value


def _copies(address, outer):
    """
    The kept copies of a part to try, nearest first, each with whether this process held it and
    whether it is known to be current: looked up ahead (prefetch), else held here, else shared.
    """
    looked_up = outer.looked_up if outer is not None else {}
    if address in looked_up:
        yield looked_up.pop(address)
        return
    near = nearby.get(address)
    if near is not None:
        yield near, True, False
    shared = cache.get(address)
    if isinstance(shared, copies.Copy):
        yield shared, False, False


def _is_current(copy, outer):
    """
    Whether a kept copy is current, asked of the log once per answer for copies alike, and as the
    log stood when the answer began (the answer is then as if drawn whole at that moment).
    """
    checked = outer.checked if outer is not None else {}
    alike = (frozenset(copy.keys), copy.started)
    if alike not in checked:
        checked[alike] = copies.check(copy.keys, copy.started, outer.log if outer else None).current
    return checked[alike]


def prefetch(names):
    """
    Look up the kept copies of several parts at once, before they are asked for one by one (a
    list's cards): those this process holds (common.nearby), the others in one round trip to the
    shared cache and, when every copy found is current, one question to the log for all of them.
    Asked whether nothing any of them shows has changed since the oldest was drawn, a yes holds
    for each; on a no, each is checked alone when it is asked for.
    """
    language = get_language()
    _prefetch([f"part:{language}:{name}" for name in names])


def _prefetch(addresses):
    outer = keys.current()
    if outer is None:
        return
    wanted = [address for address in addresses if address not in outer.parts and address not in outer.looked_up]
    if not wanted:
        return
    found = {address: (near, True) for address in wanted if (near := nearby.get(address)) is not None}
    if len(found) < len(wanted):
        shared = cache.get_many([address for address in wanted if address not in found])
        found.update((address, (copy, False)) for address, copy in shared.items() if isinstance(copy, copies.Copy))
    if len({copy.started.epoch for copy, _ in found.values()}) != 1:
        return  # none found, or drawn on either side of a restored backup
    starts = [copy.started for copy, _ in found.values()]
    oldest = min(starts, key=lambda started: (started.serial, started.drawn_at))
    oldest = oldest._replace(drawn_at=min(started.drawn_at for started in starts))
    shown = {key: None for copy, _ in found.values() for key in copy.keys}
    current = copies.check(list(shown), oldest, outer.log).current
    # If not all current, each is checked alone when it is asked for, with no second round trip;
    # one held here and out of date is passed over then for the shared cache's.
    outer.looked_up.update(
        (address, (copy, is_near, current)) for address, (copy, is_near) in found.items() if current or not is_near
    )


#: Per worker process: the parts each address showed when it was last drawn, for the next answer
#: at that address to look up at once (look_up_used). A hint, never an answer: every copy found is
#: still checked against the purge log. Forgotten whole when it holds this many addresses.
USED_ADDRESSES = 2000
_used = {}


def look_up_used(path):
    """At the start of an answer: the kept parts its address showed last time, looked up at once."""
    if used := _used.get(path):
        _prefetch(used)


def remember_used(path):
    """At the end of an answer: which kept parts it showed, for the next answer at its address."""
    outer = keys.current()
    if outer is None:
        return
    if len(_used) >= USED_ADDRESSES and path not in _used:
        _used.clear()
    _used[path] = tuple(outer.parts)
