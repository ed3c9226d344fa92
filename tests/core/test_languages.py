"""Language prefixes, the root redirect, the switcher, html lang and the fallback notice."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from django.test import Client

LOCALES = ["en", "zh-hans", "zh-hant", "th", "ko", "km"]
HTML_LANG = {"en": "en", "zh-hans": "zh-Hans", "zh-hant": "zh-Hant", "th": "th", "ko": "ko", "km": "km"}
OWN_NAMES = ["English", "简体中文", "繁體中文", "ไทย", "한국어", "ខ្មែរ"]

pytestmark = pytest.mark.django_db


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("th-TH,th;q=0.9,en;q=0.5", "/th/"),
        ("ko-KR,ko;q=0.9", "/ko/"),
        ("zh-CN,zh;q=0.9", "/zh-hans/"),
        ("zh-TW,zh;q=0.9", "/zh-hant/"),
        ("km-KH", "/km/"),
        ("fr-FR,fr;q=0.9", "/en/"),
        ("", "/en/"),
    ],
)
def test_root_redirects_by_accept_language(client: Client, demo_site, accept: str, expected: str) -> None:
    response = client.get("/", headers={"accept-language": accept} if accept else {})
    assert response.status_code == 302
    assert response["Location"] == expected


def test_saved_choice_wins_over_accept_language(client: Client, demo_site) -> None:
    client.get("/ko/about/", headers={"accept-language": "th"})  # reading in Korean saves the choice
    response = client.get("/", headers={"accept-language": "th"})
    assert response["Location"] == "/ko/"


@pytest.mark.parametrize("code", LOCALES)
def test_home_page_has_language_and_translated_header(client: Client, demo_site, code: str) -> None:
    response = client.get(f"/{code}/")
    assert response.status_code == 200
    page = soup(response)
    assert page.html["lang"] == HTML_LANG[code]
    header = page.select_one(".account-state").get_text(" ", strip=True)
    if code == "en":
        assert header == "You are not logged in · Log in"
    else:
        assert "You are not logged in" not in header
        assert "Log in" not in header
    switcher = [a.get_text(strip=True) for a in page.select(".language-switcher a")]
    assert switcher == OWN_NAMES
    for link in page.select(".language-switcher a"):
        assert link["lang"] in HTML_LANG.values()


def test_switcher_links_to_the_same_page_in_each_language(client: Client, demo_site) -> None:
    page = soup(client.get("/th/about/"))
    links = {a["hreflang"]: a["href"] for a in page.select(".language-switcher a")}
    assert links == {tag: f"/{code}/about/" for code, tag in HTML_LANG.items()}
    current = page.select_one('.language-switcher a[aria-current="true"]')
    assert current["hreflang"] == "th"


def test_untranslated_page_falls_back_with_notice(client: Client, demo_site, demo_accounts) -> None:
    # The demo has no Khmer translation of the members' corner; log in so privacy is not in the way.
    client.force_login(demo_accounts["member"])
    response = client.get("/km/members/")
    assert response.status_code == 200
    page = soup(response)
    assert page.html["lang"] == "km"
    assert page.main["lang"] == "en"
    notice = page.select_one(".notice--fallback")
    assert notice is not None and notice["lang"] == "km"
    assert "ខ្មែរ" in notice.get_text()
    assert page.h1.get_text(strip=True) == "Members' corner"


def test_hreflang_alternates_list_only_real_translations(client: Client, demo_site, demo_accounts) -> None:
    client.force_login(demo_accounts["member"])
    page = soup(client.get("/en/members/"))
    alternates = {link["hreflang"] for link in page.select('link[rel="alternate"][hreflang]')}
    assert alternates == {"en", "th", "zh-Hans", "ko"}


def test_unknown_page_is_a_translated_404(client: Client, demo_site) -> None:
    response = client.get("/th/no-such-page/")
    assert response.status_code == 404
    assert soup(response).html["lang"] == "th"


def test_every_public_url_is_language_prefixed(client: Client, demo_site) -> None:
    response = client.get("/about/")
    assert response.status_code == 302
    assert re.fullmatch(r"/(en|th|ko|km|zh-hans|zh-hant)/about/", response["Location"])
