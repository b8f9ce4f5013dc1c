from django.urls import path

from . import feeds, views

app_name = "locations"

urlpatterns = [
    path("", views.LocationIndexView.as_view(), name="index"),
    path("<slug:slug>/", views.LocationView.as_view(), name="detail"),
    path("<slug:slug>/feed/", feeds.PlaceFeed(), name="feed"),
    path("<slug:slug>/feed/atom/", feeds.PlaceAtomFeed(), name="feed_atom"),
]
