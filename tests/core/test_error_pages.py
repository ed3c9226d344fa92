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


# --- every error page in every language -------------------------------------------------------

LANGUAGES = [
    ("en", "en"),
    ("zh-hans", "zh-Hans"),
    ("zh-hant", "zh-Hant"),
    ("th", "th"),
    ("ko", "ko"),
    ("km", "km"),
]


def check_in(response, code: str, tag: str, status: int, heading: str) -> BeautifulSoup:
    if code != "en":
        return check_page(response, code, status, heading, tag)
    assert response.status_code == status
    page = BeautifulSoup(response.content.decode(), "html.parser")
    assert page.html is not None and page.html["lang"] == "en"
    assert page.h1 is not None and page.h1.get_text(strip=True) == heading
    return page


@pytest.mark.parametrize(("code", "tag"), LANGUAGES)
def test_every_error_page_speaks_the_language_of_the_address(
    demo_site, failing_views, settings, code: str, tag: str
) -> None:
    browser = Client(enforce_csrf_checks=True, raise_request_exception=False)
    browser.get(f"/{code}/accounts/login/")  # a CSRF cookie, as a browser has after any form
    token = browser.cookies["csrftoken"].value

    # 400: a form declared in a charset Django refuses to read (it answered 500).
    body = f"csrfmiddlewaretoken={token}&email=somchai%40example.org".encode()
    refused = browser.generic(
        "POST", f"/{code}/my-data/", body, content_type="application/x-www-form-urlencoded; charset=utf-16"
    )
    check_in(refused, code, tag, 400, "This request could not be handled")
    # 400: a host name the site does not serve.
    settings.ALLOWED_HOSTS = ["testserver"]
    check_in(
        browser.get(f"/{code}/", HTTP_HOST="attacker.example"),
        code,
        tag,
        400,
        "This request could not be handled",
    )
    settings.ALLOWED_HOSTS = ["*"]
    # 403: a form without its CSRF token, and a page that is not open to the visitor.
    no_token = Client(enforce_csrf_checks=True).post(f"/{code}/my-data/", {"email": "somchai@example.org"})
    check_in(no_token, code, tag, 403, "Your form could not be sent")
    check_in(browser.get(f"/{code}/test-errors/forbidden/"), code, tag, 403, "You may not open this page")
    # 404 and 500.
    check_in(browser.get(f"/{code}/no-such-page/"), code, tag, 404, "Page not found")
    check_in(browser.get(f"/{code}/test-errors/broken/"), code, tag, 500, "Something went wrong on our side")


def test_too_many_login_attempts_are_refused_in_every_language(demo_site, settings) -> None:
    """allauth's rate limit answered with its bare English "Too Many Requests" page: it renders
    429.html only when the site has one."""
    settings.ACCOUNT_RATE_LIMITS = {"login": "2/m/ip"}
    for number, (code, tag) in enumerate(LANGUAGES):
        client = Client()
        for _ in range(3):
            response = client.post(
                f"/{code}/accounts/login/",
                {"login": "nobody@example.org", "password": "not-the-password"},
                REMOTE_ADDR=f"198.51.100.{number + 1}",
            )
        check_in(response, code, tag, 429, "Too many attempts")
        assert "Too Many Requests" not in response.content.decode()
