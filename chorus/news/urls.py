"""Language-prefixed news URLs (included under i18n_patterns in chorus/urls.py)."""

from django.urls import path

from . import feeds, views

app_name = "news"

urlpatterns = [
    path("search/", views.search_view, name="search"),
    path("feeds/news/", feeds.news_feed, name="feed"),
    path("feeds/newsflash/", feeds.newsflash_feed, name="newsflash_feed"),
]
