from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.db import transaction
from django.test import Client

from chorus.news.demo import load_demo_content
from chorus.news.models import ArticlePage, DocumentPage, HomePage
from chorus.news.services import rebuild_search_index
from tests.mfa import log_in_with_totp

LOCALES = ["en", "zh-hans", "zh-hant", "th", "ko", "km"]
EMBASSY_SLUG = "supporting-partners-struggles"
DROP_IN_SLUG = "drop-in-open-on-sundays"  # not translated into Khmer or Traditional Chinese
MEMBERS_SLUG = "members-safety-briefing-june"
# The public address in these tests: not the test client's host nor the Wagtail Site's, so a
# link made from either of those is caught.
PUBLIC = "https://campaign.example.org"


def soup(response: Any) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


@pytest.fixture(scope="module")
def _news_site_for_module(django_db_setup: None, django_db_blocker: Any) -> Iterator[int]:
    """Load the demo once per test module (it takes seconds), inside a transaction that is
    rolled back when the module ends; each test still rolls back its own changes."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            home = load_demo_content()
            rebuild_search_index()
            # Make the image renditions once, so no test pays for resizing photos.
            warm = Client()
            for path in ["/en/", "/en/news/", f"/en/news/{EMBASSY_SLUG}/"]:
                warm.get(path)
            yield home.pk
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def public_address(settings: Any) -> str:
    settings.CHORUS_BASE_URL = PUBLIC
    return PUBLIC


@pytest.fixture
def news_site(_news_site_for_module: int, db: None) -> HomePage:
    """The demo organisation with its news, letters, newsflashes and search index."""
    return HomePage.objects.get(pk=_news_site_for_module)


@pytest.fixture
def embassy(news_site: HomePage) -> ArticlePage:
    return ArticlePage.objects.get(locale__language_code="en", slug=EMBASSY_SLUG)


@pytest.fixture
def letter(news_site: HomePage) -> DocumentPage:
    return DocumentPage.objects.get(locale__language_code="en", slug="letter-to-the-ambassador")


@pytest.fixture
def staff_client(client: Client, demo_accounts: dict[str, Any]) -> Client:
    """A staff member who has enrolled TOTP, so the Wagtail admin lets them in."""
    staff = demo_accounts["staff"]
    log_in_with_totp(client, staff)
    return client
