"""
The shipped gazetteer for tests that need every place of Ukraine (detection, mostly).

Importing it takes seconds. A test process imports it for real once and keeps the rows that
import wrote; every later class writes those same rows back in a fraction of the time. The
classes that use it live in tests/locations/full_gazetteer/, which one test worker runs whole
(tests/conftest.py), so a run imports the extract once. Tests of importing it again over itself
call import_gazetteer().
"""

from django.core.management.color import no_style
from django.db import connection

from locations.gazetteer import import_gazetteer
from locations.models import Location, PlaceName


class Rows:
    """The places the import added, the starter places as it left them, and every place name."""

    def __init__(self, starter):
        self.starter = starter
        starter_place = f"id IN ({', '.join(map(str, starter))})" if starter else "1 = 0"
        self.added = _select(Location, f"NOT ({starter_place})")
        self.updated = _select(Location, starter_place)
        self.names = _select(PlaceName)

    def write(self):
        names = PlaceName.objects.all()
        names._raw_delete(names.db)
        _update(Location, self.updated)
        _insert(Location, self.added)
        _insert(PlaceName, self.names)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Location, PlaceName]):
                cursor.execute(sql)


_kept = None


def load_gazetteer():
    """Every place of the shipped extract in the test database, as import_gazetteer() leaves it."""
    global _kept
    starter = frozenset(Location.objects.values_list("pk", flat=True))
    if _kept is not None and _kept.starter == starter:
        _kept.write()
        return
    import_gazetteer()
    _kept = Rows(starter)


def _columns(model):
    return [field.column for field in model._meta.concrete_fields]


def _select(model, where="1 = 1"):
    columns = ", ".join(map(connection.ops.quote_name, _columns(model)))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {model._meta.db_table} WHERE {where}")  # noqa: S608
        return cursor.fetchall()


def _insert(model, rows):
    columns = _columns(model)
    names = ", ".join(map(connection.ops.quote_name, columns))
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {model._meta.db_table} ({names}) VALUES ({marks})", rows)


def _update(model, rows):
    key, *columns = _columns(model)
    assignments = ", ".join(f"{connection.ops.quote_name(column)} = %s" for column in columns)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {model._meta.db_table} SET {assignments} WHERE {connection.ops.quote_name(key)} = %s",
            [(*values, pk) for pk, *values in rows],
        )
