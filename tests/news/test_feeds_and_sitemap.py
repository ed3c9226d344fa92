"""Atom feeds per language (parsed with feedparser) and sitemap.xml with hreflang alternates."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.test import Client

from chorus.news.demo_texts import EMBASSY, LEGAL_AID

from .conftest import EMBASSY_SLUG, MEMBERS_SLUG, PUBLIC

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def parse(client: Client, path: str) -> feedparser.FeedParserDict:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed


def test_news_feed_in_thai_has_thai_titles_dates_and_links(client: Client, news_site) -> None:
    feed = parse(client, "/th/feeds/news/")
    assert feed.feed.language == "th"
    assert feed.version == "atom10"
    titles = [entry.title for entry in feed.entries]
    assert titles[0] == EMBASSY["th"]["title"]
    assert LEGAL_AID["th"]["title"] in titles
    assert all(entry.link.startswith(f"{PUBLIC}/th/news/") for entry in feed.entries)
    assert feed.entries[0].link == f"{PUBLIC}/th/news/{EMBASSY_SLUG}/"
    assert feed.entries[0].published_parsed[:3] == (2026, 6, 24)
    published = [entry.published_parsed for entry in feed.entries]
    assert published == sorted(published, reverse=True)
    assert feed.entries[0].summary == EMBASSY["th"]["summary"]


def test_feeds_hold_only_their_own_language_and_no_members_pages(client: Client, news_site) -> None:
    khmer = parse(client, "/km/feeds/news/")
    assert [entry.title for entry in khmer.entries] == [EMBASSY["km"]["title"]]
    english = parse(client, "/en/feeds/news/")
    assert all(MEMBERS_SLUG not in entry.link for entry in english.entries)
    assert len(english.entries) == 4


def test_newsflash_feed_lists_updates_newest_first_with_links_to_them(client: Client, news_site) -> None:
    feed = parse(client, "/ko/feeds/newsflash/")
    assert feed.feed.language == "ko"
    assert [entry.title for entry in feed.entries[:2]] == [
        text.removeprefix("<p>").removesuffix("</p>") for text in EMBASSY["ko"]["newsflashes"]
    ]
    assert feed.entries[0].published_parsed[:5] == (2026, 6, 27, 9, 30)
    assert feed.entries[0].link.startswith(f"{PUBLIC}/ko/news/{EMBASSY_SLUG}/#newsflash-")
    anchor = feed.entries[0].link.split("#", 1)[1]
    assert f'id="{anchor}"' in client.get(feed.entries[0].link.split("#")[0]).content.decode()
    assert len({entry.id for entry in feed.entries}) == len(feed.entries)


def test_sitemap_lists_public_pages_with_their_real_translations(client: Client, news_site) -> None:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own server's answer
    entries = {
        url.findtext(f"{SITEMAP}loc"): {
            link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")
        }
        for url in root.findall(f"{SITEMAP}url")
    }
    article = entries[f"{PUBLIC}/th/news/{EMBASSY_SLUG}/"]
    assert set(article) == {"en", "th", "zh-Hans", "zh-Hant", "ko", "km", "x-default"}
    assert article["x-default"] == f"{PUBLIC}/en/news/{EMBASSY_SLUG}/"
    drop_in = entries[f"{PUBLIC}/en/news/drop-in-open-on-sundays/"]
    assert set(drop_in) == {"en", "th", "zh-Hans", "ko", "x-default"}  # only real translations
    assert f"{PUBLIC}/km/news/drop-in-open-on-sundays/" not in entries
    assert not any(MEMBERS_SLUG in location for location in entries)
    assert not any("/members/" in location for location in entries)
