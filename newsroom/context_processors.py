from django.conf import settings


def site(request):
    """The publication's name and tagline, for the masthead and page titles."""
    return {"site_name": settings.SITE_NAME, "site_tagline": settings.SITE_TAGLINE}
