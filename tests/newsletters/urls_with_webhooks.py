"""The site's addresses as they are with a sending service (NEWSROOM_EMAIL_SERVICE): its webhooks too."""

from django.urls import include, path

from newsroom.urls import handler404, handler500
from newsroom.urls import urlpatterns as site

urlpatterns = [path("anymail/", include("anymail.urls")), *site]
__all__ = ["handler404", "handler500", "urlpatterns"]
