from django.urls import path

from . import feeds
from .views import lists, live
from .views import stories as views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("parts/latest/", views.latest_part, name="latest_part"),
    path("feeds/latest/", feeds.LatestFeed(), name="feed"),
    path("feeds/latest/atom/", feeds.LatestAtomFeed(), name="feed_atom"),
    path("news/<slug:slug>/", views.article_detail, name="detail"),
    path("news/<slug:slug>/posts/<int:pk>/", live.post_detail, name="live_post"),
    path("news/<slug:slug>/live/", live.updates, name="live_updates"),
    path("news/<slug:slug>/live/feed/", feeds.LivePostsFeed(), name="live_feed"),
    path("preview/<str:token>/", views.preview, name="preview"),
    path("corrections/", views.CorrectionsView.as_view(), name="corrections"),
    path("tags/<slug:slug>/", lists.TagView.as_view(), name="tag"),
    path("tags/<slug:slug>/feed/", feeds.TagFeed(), name="tag_feed"),
    path("tags/<slug:slug>/feed/atom/", feeds.TagAtomFeed(), name="tag_feed_atom"),
    path("sections/<slug:slug>/", lists.SectionView.as_view(), name="section"),
    path("sections/<slug:slug>/feed/", feeds.SectionFeed(), name="section_feed"),
    path("sections/<slug:slug>/feed/atom/", feeds.SectionAtomFeed(), name="section_feed_atom"),
    path("authors/<slug:slug>/", lists.AuthorView.as_view(), name="author"),
    path("authors/<slug:slug>/feed/", feeds.AuthorFeed(), name="author_feed"),
    path("authors/<slug:slug>/feed/atom/", feeds.AuthorAtomFeed(), name="author_feed_atom"),
]
