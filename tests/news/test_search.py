"""Site search in every script, through the real search page, on SQLite and PostgreSQL.

The demo articles are real sentences in six languages. Each case names the slugs a query
must find (hits) and, when it must find nothing, an empty set (misses). Misses include
words that occur inside longer words (แม่น inside แม่น้ำ) and the other Chinese script.
"""

from __future__ import annotations

import pytest
from django.test import Client

from .conftest import soup

pytestmark = pytest.mark.django_db

EMBASSY = "supporting-partners-struggles"
LETTER = "letter-to-the-ambassador"
DROP_IN = "drop-in-open-on-sundays"
LEGAL_AID = "legal-aid-line-this-year"
VIGIL = "day-to-end-violence"
MEMBERS = "members-safety-briefing-june"
# Other apps' demo pages (about us, campaigns) may match too; the cases are about the news.
NEWS = {EMBASSY, LETTER, DROP_IN, LEGAL_AID, VIGIL, MEMBERS}

CASES = [
    # English
    ("en", "embassy placards", {EMBASSY}),
    ("en", "Drop-in TEA", {DROP_IN}),
    ("en", "ambassador", {EMBASSY, LETTER}),
    ("en", "unpaid wages", {LEGAL_AID}),
    ("en", "earthquake", set()),
    ("en", "embassy earthquake", set()),
    # Thai: no spaces between words
    ("th", "สถานทูต", {EMBASSY}),
    ("th", "สายด่วนกฎหมาย", {LEGAL_AID, DROP_IN}),
    ("th", "กฎหมาย", {EMBASSY, LETTER, LEGAL_AID, DROP_IN}),
    ("th", "แม่น้ำ", {VIGIL}),
    ("th", "แม่น", set()),  # "accurate": only inside แม่น้ำ ("river")
    ("th", "ลาง", set()),  # "omen": only inside กลาง / ตลาดกลางคืน
    ("th", "แผ่นดินไหว", set()),
    # Simplified Chinese
    ("zh-hans", "大使馆", {EMBASSY}),
    ("zh-hans", "法律援助", {LEGAL_AID, DROP_IN}),
    ("zh-hans", "突击搜查 驱逐", {EMBASSY, LETTER}),
    ("zh-hans", "大使館", set()),  # the Traditional spelling is not in the Simplified pages
    ("zh-hans", "地震", set()),
    # Traditional Chinese
    ("zh-hant", "大使館", {EMBASSY}),
    ("zh-hant", "法律扶助", {LEGAL_AID}),
    ("zh-hant", "大使馆", set()),
    # Korean: particles are glued to words (노동자와, 노동자들이)
    ("ko", "노동자", {EMBASSY, LETTER, VIGIL}),
    ("ko", "대사관 편지", {EMBASSY}),
    ("ko", "쉼터", {EMBASSY, DROP_IN}),
    ("ko", "지진", set()),
    # Khmer: no spaces between words
    ("km", "ស្ថានទូត", {EMBASSY}),
    ("km", "ឯកអគ្គរដ្ឋទូត", {EMBASSY, LETTER}),
    ("km", "រញ្ជួយដី", set()),
]


def found(client: Client, language: str, query: str) -> set[str]:
    response = client.get(f"/{language}/search/", {"q": query})
    assert response.status_code == 200
    links = soup(response).select(".search-results h2 a")
    return {link["href"].rstrip("/").rsplit("/", 1)[-1] for link in links}


@pytest.mark.parametrize(("language", "query", "expected"), CASES)
def test_search_finds_the_right_pages(
    client: Client, news_site, language: str, query: str, expected: set[str]
) -> None:
    assert found(client, language, query) & NEWS == expected


def test_results_link_under_the_readers_language(client: Client, news_site) -> None:
    page = soup(client.get("/th/search/", {"q": "สถานทูต"}))
    hrefs = [link["href"] for link in page.select(".search-results h2 a")]
    assert hrefs == ["/th/news/supporting-partners-struggles/"]


def test_untranslated_pages_are_found_in_the_default_language(client: Client, news_site) -> None:
    # The drop-in article has no Khmer version: a Khmer reader finds the English one, marked.
    page = soup(client.get("/km/search/", {"q": "drop-in Sundays"}))
    result = page.select_one(".search-results li")
    assert result is not None
    assert result["lang"] == "en"
    assert result.a["href"] == "/km/news/drop-in-open-on-sundays/"


def test_members_only_pages_are_found_only_by_members(client: Client, news_site, demo_accounts) -> None:
    assert found(client, "en", "night market") == set()
    client.force_login(demo_accounts["member"])
    assert found(client, "en", "night market") == {MEMBERS}


@pytest.mark.parametrize("query", ["", "   ", "!!!", "a" * 5000, "%_\\'\"<script>"])
def test_odd_queries_get_a_page_not_an_error(client: Client, news_site, query: str) -> None:
    response = client.get("/en/search/", {"q": query})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_a_long_query_is_cut_with_a_notice(client: Client, news_site) -> None:
    page = soup(client.get("/en/search/", {"q": "embassy " * 40}))
    assert page.select_one(".notice") is not None


def test_publishing_indexes_and_unpublishing_removes(
    client: Client, news_site, embassy, django_capture_on_commit_callbacks
) -> None:
    embassy.summary = "A zeppelin flew over the embassy."
    with django_capture_on_commit_callbacks(execute=True):
        embassy.save_revision().publish()
    assert found(client, "en", "zeppelin") == {EMBASSY}
    embassy.unpublish()
    assert found(client, "en", "zeppelin") == set()
