import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache: nothing cached by one test is seen by the next."""
    cache.clear()
    yield
    cache.clear()
