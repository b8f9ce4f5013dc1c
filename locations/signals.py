from django.dispatch import Signal

#: Sent after a place moves to another parent (its path and every path below it changed).
place_moved = Signal()
