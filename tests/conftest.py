import pytest
from django.core.cache import cache
from django.test import TransactionTestCase

from common.purges import number_pending


@pytest.fixture(autouse=True)
def empty_cache(request):
    """
    Every test starts with an empty cache: nothing cached by one test is seen by the next. The
    purges of rows a TestCase made in setUpTestData are numbered, as their commit would have.
    """
    cache.clear()
    if isinstance(request.instance, TransactionTestCase):
        number_pending()
    yield
    cache.clear()
