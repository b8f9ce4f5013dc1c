from django.dispatch import Signal

#: Sent after places move to another parent: `locations` holds every place whose path changed
#: (the places moved and everything below them).
place_moved = Signal()

#: Sent after the names of places (PlaceName rows) are rebuilt: `locations` holds those places.
names_rebuilt = Signal()
