"""
The embedded cache: diskcache's Django backend (SQLite and files under the var directory), so every
worker process of the machine shares one cache with no server to run, and what one worker renders
the others serve. Chosen by CACHE_URL=diskcache:// (the default); Redis is the choice once there is
more than one machine.
"""

from diskcache import DjangoCache


class SharedDiskCache(DjangoCache):
    """diskcache's backend, keeping its connections open between requests."""

    def close(self, **kwargs):
        # Django closes every cache after each request; diskcache would reopen its SQLite
        # connections (one per shard) on the next. They are per thread and safe to keep.
        pass
