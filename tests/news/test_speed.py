"""Query budgets (uncached) and the anonymous page cache (per language, dropped on publish)."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from chorus.core.page_cache import HIT_HEADER
from chorus.news.models import ArticlePage, Newsflash, NewsIndexPage

from .conftest import EMBASSY_SLUG, soup

pytestmark = pytest.mark.django_db

# Exact, not "at most" (a statement more is a regression, one less a budget to lower), on SQLite
# and PostgreSQL alike; each includes the main menu and footer links (chorus/core/navigation.py).
BUDGETS = {"/th/": 25, "/th/news/": 20, f"/th/news/{EMBASSY_SLUG}/": 25}


def _more_articles(count: int) -> None:
    index = NewsIndexPage.objects.get(locale__language_code="en")
    embassy = ArticlePage.objects.get(locale__language_code="en", slug=EMBASSY_SLUG)
    for number in range(count):
        article = ArticlePage(
            title=f"More news {number}",
            slug=f"more-news-{number}",
            summary="More.",
            date=datetime.date(2026, 7, 1 + number),
            lead_image=embassy.lead_image,
            lead_image_alt="Placards.",
        )
        article.newsflashes = [Newsflash(text="<p>Update.</p>")]
        index.add_child(instance=article)
        article.save_revision().publish()


@pytest.mark.parametrize(("path", "budget"), BUDGETS.items())
def test_pages_cost_exactly_their_query_budget(
    client: Client, news_site, django_assert_num_queries, path: str, budget: int
) -> None:
    client.get(path)  # renditions exist from here on, as on a running site
    with django_assert_num_queries(budget):
        assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", ["/th/", "/en/news/", "/km/news/"])
def test_more_articles_do_not_mean_more_queries(client: Client, news_site, path: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)
    with CaptureQueriesContext(connection) as before:
        client.get(path)
    _more_articles(6)
    client.get(path)
    with CaptureQueriesContext(connection) as after:
        client.get(path)
    assert len(after.captured_queries) == len(before.captured_queries)


def test_anonymous_pages_are_cached_per_language(
    client: Client, news_site, page_cache_on, django_assert_num_queries
) -> None:
    first = client.get("/th/news/")
    assert first[HIT_HEADER] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/th/news/")
    assert second[HIT_HEADER] == "hit"
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    korean = client.get("/ko/news/")
    assert korean[HIT_HEADER] == "miss"
    assert soup(korean).html["lang"] == "ko"


def test_publishing_drops_the_cached_pages(client: Client, news_site, page_cache_on) -> None:
    client.get("/en/")
    client.get(f"/en/news/{EMBASSY_SLUG}/")
    embassy = ArticlePage.objects.get(locale__language_code="en", slug=EMBASSY_SLUG)
    embassy.title = "Supporting partners' struggles, updated"
    embassy.save_revision().publish()
    article = client.get(f"/en/news/{EMBASSY_SLUG}/")
    assert article[HIT_HEADER] == "miss"
    assert soup(article).h1.get_text() == "Supporting partners' struggles, updated"
    home = client.get("/en/")
    assert home[HIT_HEADER] == "miss"
    assert "Supporting partners' struggles, updated" in soup(home).get_text()


def test_unpublishing_drops_the_cached_pages(client: Client, news_site, page_cache_on) -> None:
    assert "Supporting partners" in client.get("/en/news/").content.decode()
    ArticlePage.objects.get(locale__language_code="en", slug=EMBASSY_SLUG).unpublish()
    assert "Supporting partners" not in client.get("/en/news/").content.decode()


def test_logged_in_readers_are_never_served_or_stored(
    client: Client, news_site, demo_accounts, page_cache_on
) -> None:
    client.get("/en/news/")
    client.force_login(demo_accounts["member"])
    response = client.get("/en/news/")
    assert HIT_HEADER not in response
    assert "members-safety-briefing-june" in response.content.decode()
    client.logout()
    assert "members-safety-briefing-june" not in client.get("/en/news/").content.decode()


def test_members_only_pages_are_never_cached(client: Client, news_site, demo_accounts, page_cache_on) -> None:
    client.force_login(demo_accounts["member"])
    client.get("/en/news/members-safety-briefing-june/")
    client.logout()
    assert client.get("/en/news/members-safety-briefing-june/").status_code == 302


def test_feeds_and_sitemap_are_cached_too(client: Client, news_site, page_cache_on) -> None:
    for path in ["/en/feeds/news/", "/th/feeds/newsflash/", "/sitemap.xml"]:
        assert client.get(path)[HIT_HEADER] == "miss"
        cached = client.get(path)
        assert cached[HIT_HEADER] == "hit"
        assert cached["Content-Type"].split(";")[0] in {"application/atom+xml", "application/xml"}
