# The house style for dates, wherever a reader or an editor sees one: pages, cards, feeds' text and
# the admin. "23 December 2025, 16:45" (24-hour Kyiv time, the month in full).
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
