"""Site search finds campaigns and days of action in every language, saying what kind of page
each hit is, with the same tokenising as the news (Thai words, CJK and Khmer bigrams)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.utils import translation

from chorus.events.demo import load_demo_events
from chorus.jointletters.demo import load_demo_joint_letter
from chorus.letters.demo import load_demo_letter_campaign
from chorus.news.demo import load_demo_content
from chorus.news.services import rebuild_search_index, update_search_index
from chorus.petitions.demo import load_demo_campaign

from .conftest import soup

pytestmark = pytest.mark.django_db

LETTERS = "safe-passage-home"
PETITION = "safety-not-raids"
EVENT = "rights-not-rescue-embassy"

CASES = [
    ("en", "Safe passage", LETTERS, "Campaign"),
    ("en", "rescue embassy day", EVENT, "Day of action"),
    ("th", "กลับบ้าน", LETTERS, "Campaign"),
    ("th", "วันรณรงค์", EVENT, "Day of action"),
    ("th", "บุกค้น", PETITION, "Campaign"),
    ("zh-hans", "安全回家", LETTERS, "Campaign"),
    ("zh-hans", "行动日", EVENT, "Day of action"),
    ("zh-hant", "安全回家", LETTERS, "Campaign"),
    ("zh-hant", "行動日", EVENT, "Day of action"),
    ("ko", "안전한 귀국길", LETTERS, "Campaign"),
    ("ko", "행동의 날", EVENT, "Day of action"),
    ("km", "ត្រឡប់ទៅផ្ទះ", LETTERS, "Campaign"),
    ("km", "ថ្ងៃសកម្មភាព", EVENT, "Day of action"),
]


@pytest.fixture(scope="module")
def _action_pages(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The demo with its campaigns and days of action, indexed once per module, rolled back after."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            home = load_demo_content()
            load_demo_campaign(home)
            load_demo_letter_campaign(home)
            load_demo_joint_letter(home)
            load_demo_events(home)
            rebuild_search_index()
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def action_pages(_action_pages: None, db: None) -> None:
    return None


def hits(client: Client, language: str, query: str) -> dict[str, str]:
    """slug → the kind shown above the hit."""
    response = client.get(f"/{language}/search/", {"q": query})
    assert response.status_code == 200
    found = {}
    for item in soup(response).select(".search-results li"):
        slug = item.select_one("h2 a")["href"].rstrip("/").rsplit("/", 1)[-1]
        kind = item.select_one(".search-results__kind")
        found[slug] = kind.get_text(strip=True) if kind else ""
    return found


@pytest.mark.parametrize(("language", "query", "slug", "kind"), CASES)
def test_search_finds_campaigns_and_days_of_action_and_says_which(
    client: Client, action_pages: None, language: str, query: str, slug: str, kind: str
) -> None:
    found = hits(client, language, query)
    assert slug in found, found
    with translation.override(language):
        assert found[slug] == translation.gettext(kind)


def test_articles_say_they_are_articles(client: Client, action_pages: None) -> None:
    found = hits(client, "th", "สถานทูต")
    assert found["supporting-partners-struggles"] == "บทความ"


def test_a_campaign_is_found_in_the_readers_own_translation(client: Client, action_pages: None) -> None:
    # 安全回家 is written the same in both Chinese scripts: each reader gets their own page.
    for language in ["zh-hans", "zh-hant"]:
        response = client.get(f"/{language}/search/", {"q": "安全回家"})
        hrefs = [a["href"] for a in soup(response).select(".search-results h2 a")]
        assert f"/{language}/{LETTERS}/" in hrefs, hrefs
        assert all(href.startswith(f"/{language}/") for href in hrefs)


def test_publishing_a_campaign_indexes_its_new_text(client: Client, action_pages: None) -> None:
    from chorus.campaigns.models import CampaignPage

    page = CampaignPage.objects.get(locale__language_code="en", slug=LETTERS).specific
    page.summary = "A zeppelin carries the letters."
    page.save_revision().publish()
    update_search_index(page.pk)  # what the publish task does after commit
    assert LETTERS in hits(client, "en", "zeppelin")
