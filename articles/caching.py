"""Whole responses cached per news version: an edit, a publication or a scheduled story's time ends them."""

import hashlib
from functools import wraps

from django.core.cache import cache

from .models import news_version


def cached_per_news_version(timeout):
    """Cache a public view's successful GET answers until the news changes or `timeout` seconds pass."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method not in {"GET", "HEAD"} or request.user.is_authenticated:
                return view(request, *args, **kwargs)
            address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
            key = f"news-page:{news_version()}:{hashlib.sha256(address.encode()).hexdigest()}"
            response = cache.get(key)
            if response is None:
                response = view(request, *args, **kwargs)
                if hasattr(response, "render"):
                    response.render()
                if response.status_code == 200 and not response.streaming:
                    cache.set(key, response, timeout)
            return response

        return wrapped

    return decorator
