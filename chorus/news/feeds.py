"""Atom feeds per language: news articles, and newsflash updates.

Only pages written in the feed's language are in it (a feed declares one language), and
only public ones: feed readers fetch without logging in.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from wagtail.models import Site

from chorus.core import page_cache
from chorus.core.languages import bcp47
from chorus.core.urls import public_host, public_url

from . import listings
from .models import ArticlePage, Newsflash

FEED_LENGTH = 30


class LanguageFeed(Feed):
    """One instance per request (see news_feed below), so per-request state is safe on self."""

    feed_type = Atom1Feed

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.request = request
        self.reader_language = listings.current_language()
        self.language = bcp47(self.reader_language)
        site = Site.find_for_request(request)
        self.site_name = site.site_name if site and site.site_name else ""
        return page_cache.mark_view_cacheable(super().__call__(request, *args, **kwargs))

    def absolute(self, url: str) -> str:
        return public_url(url)


def _midday(day: datetime.date) -> datetime.datetime:
    # An article has a date, not a time: noon keeps the date the same in every time zone near ours.
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12, 0)))


class NewsFeed(LanguageFeed):
    def title(self) -> str:
        return _("%(site)s: news") % {"site": self.site_name}

    def subtitle(self) -> str:
        return _("Articles from %(site)s, newest first.") % {"site": self.site_name}

    def link(self) -> str:
        index = listings.news_index_for(self.request)
        return self.absolute(index.url if index else f"/{self.reader_language}/")

    def feed_url(self) -> str:
        return self.absolute(reverse("news:feed"))

    def items(self) -> list[ArticlePage]:
        articles = listings.articles_in(
            self.reader_language, listings.Visibility.public(), with_fallback=False
        )
        return list(articles[:FEED_LENGTH])

    def item_title(self, item: ArticlePage) -> str:
        return item.title

    def item_description(self, item: ArticlePage) -> str:
        return item.summary

    def item_link(self, item: ArticlePage) -> str:
        return public_url(item, request=self.request)

    def item_guid(self, item: ArticlePage) -> str:
        # Stable across renames and moves: the page, not its URL.
        return f"tag:{public_host()},2026:page:{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: ArticlePage) -> datetime.datetime:
        return _midday(item.date)

    def item_updateddate(self, item: ArticlePage) -> datetime.datetime:
        return max(item.last_published_at or _midday(item.date), _midday(item.date))


class NewsflashFeed(LanguageFeed):
    def title(self) -> str:
        return _("%(site)s: newsflash updates") % {"site": self.site_name}

    def subtitle(self) -> str:
        return _("Short updates from %(site)s, newest first.") % {"site": self.site_name}

    def link(self) -> str:
        return self.absolute(f"/{self.reader_language}/")

    def feed_url(self) -> str:
        return self.absolute(reverse("news:newsflash_feed"))

    def items(self) -> list[Newsflash]:
        return list(
            listings.newsflashes_in(self.reader_language, listings.Visibility.public(), with_fallback=False)[
                :FEED_LENGTH
            ]
        )

    def item_title(self, item: Newsflash) -> str:
        return Truncator(strip_tags(item.text)).chars(90)

    def item_description(self, item: Newsflash) -> str:
        return item.text

    def item_link(self, item: Newsflash) -> str:
        return self.absolute(listings.newsflash_item(self.request, item, self.reader_language).url)

    def item_guid(self, item: Newsflash) -> str:
        return f"tag:{public_host()},2026:newsflash:{item.translation_key}:{self.reader_language}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Newsflash) -> datetime.datetime:
        return item.posted_at

    def item_updateddate(self, item: Newsflash) -> datetime.datetime:
        return item.posted_at

    def item_categories(self, item: Newsflash) -> list[str]:
        return [item.page.title]


def news_feed(request: HttpRequest) -> HttpResponse:
    return NewsFeed()(request)


def newsflash_feed(request: HttpRequest) -> HttpResponse:
    return NewsflashFeed()(request)
