"""Error pages in the visitor's language with the site chrome: 400, 403 (a CSRF failure too), 404, 500."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import translation
from wagtail.models import Site

pytestmark = pytest.mark.django_db

ENGLISH_LEFTOVERS = ("Forbidden", "CSRF verification failed", "Bad Request", "Server Error", "Not Found")


def translated(code: str, message: str) -> str:
    with translation.override(code):
        text = translation.gettext(message)
    assert text != message, f"{message!r} has no {code} translation"
    return text


def check_page(response, code: str, status: int, heading: str, tag: str | None = None) -> BeautifulSoup:
    assert response.status_code == status
    page = BeautifulSoup(response.content.decode(), "html.parser")
    assert page.html is not None and page.html["lang"] == (tag or code)
    assert page.h1 is not None and page.h1.get_text(strip=True) == translated(code, heading)
    # The site chrome: the organisation's name, the language switcher, the footer.
    site_name = Site.objects.get(is_default_site=True).site_name
    assert page.select_one(".site-name") is not None
    assert page.select_one(".site-name").get_text(strip=True) == site_name
    assert page.select_one("nav.language-switcher") is not None
    text = page.get_text(" ")
    for english in ENGLISH_LEFTOVERS:
        assert english not in text
    return page


@pytest.mark.parametrize(("code", "tag"), [("th", "th"), ("km", "km"), ("zh-hant", "zh-Hant")])
def test_a_csrf_failure_is_explained_in_the_visitors_language(demo_site, code: str, tag: str) -> None:
    client = Client(enforce_csrf_checks=True)
    # What Chromium sends from a page with `Referrer-Policy: no-referrer`: no token, Origin: null.
    response = client.post(f"/{code}/my-data/", {"email": "somchai@example.org"}, HTTP_ORIGIN="null")
    page = check_page(response, code, 403, "Your form could not be sent", tag)
    assert translated(code, "Please go back, reload the page, and send the form again.") in page.get_text(" ")
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_page_not_found_is_in_khmer(demo_site, client: Client) -> None:
    response = client.get("/km/no-such-page-here/")
    check_page(response, "km", 404, "Page not found")


@pytest.fixture
def failing_views(settings) -> None:
    settings.ROOT_URLCONF = "tests.core.error_urls"


def test_a_forbidden_page_is_in_thai(demo_site, failing_views) -> None:
    check_page(Client().get("/th/test-errors/forbidden/"), "th", 403, "You may not open this page")


def test_a_bad_request_is_in_korean(demo_site, failing_views) -> None:
    check_page(Client().get("/ko/test-errors/suspicious/"), "ko", 400, "This request could not be handled")


def test_a_server_error_is_in_thai_with_the_chrome(demo_site, failing_views) -> None:
    response = Client(raise_request_exception=False).get("/th/test-errors/broken/")
    page = check_page(response, "th", 500, "Something went wrong on our side")
    assert "a bug" not in page.get_text(" ")


def test_when_the_chrome_itself_fails_the_plain_500_page_is_served(
    demo_site, failing_views, settings
) -> None:
    """A 500 page whose chrome cannot render (here: its base template is missing) falls back to
    the plain page that says it in every language, instead of Django's bare error."""
    broken = str(Path(__file__).parent / "broken_templates")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [broken, *settings.TEMPLATES[0]["DIRS"]]}]
    response = Client(raise_request_exception=False).get("/th/test-errors/broken/")
    assert response.status_code == 500
    text = response.content.decode()
    assert "Something went wrong on our side" in text
    assert "เกิดข้อผิดพลาดในระบบของเรา" in text and "មានបញ្ហានៅខាងយើង" in text
