from django.conf import settings
from django.utils.translation import get_language


def site(request):
    """The publication's name and tagline (in the edition's language), and its origin for absolute addresses."""
    tagline = settings.SITE_TAGLINE_UK if get_language() == "uk" else settings.SITE_TAGLINE
    return {"site_name": settings.SITE_NAME, "site_tagline": tagline, "site_url": settings.SITE_URL}
