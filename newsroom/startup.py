"""What the web server checks before it serves anything."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def require_real_secret_key():
    """
    Refuse to serve in production without a real DJANGO_SECRET_KEY: present, at least 50
    characters, not a django-insecure placeholder (the bar of Django's deploy check W009).
    """
    if settings.DEBUG:
        return
    try:
        key = settings.SECRET_KEY
    except ImproperlyConfigured:  # Django's own complaint about an empty key; ours says what to do.
        key = ""
    if not key:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Production refuses to start without a real secret "
            "key; set DJANGO_DEBUG=1 for local development."
        )
    if key.startswith("django-insecure") or len(key) < 50 or len(set(key)) < 5:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is too weak for production: use at least 50 random characters, e.g. "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'."
        )
