from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark commands behind make bench, bench-http, bench-places, bench-photos and load-test."""

    name = "bench"
