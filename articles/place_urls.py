"""The place pages' addresses, under /places/ (see newsroom.urls)."""

from django.urls import path

from . import feeds
from .views import places

app_name = "places"

urlpatterns = [
    path("", places.LocationIndexView.as_view(), name="index"),
    path("<slug:slug>/", places.LocationView.as_view(), name="detail"),
    path("<slug:slug>/feed/", feeds.PlaceFeed(), name="feed"),
    path("<slug:slug>/feed/atom/", feeds.PlaceAtomFeed(), name="feed_atom"),
]
