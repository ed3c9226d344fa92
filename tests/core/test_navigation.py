"""Main menu, footer links and link-preview meta: staff-edited, translated, members' links for members."""

from __future__ import annotations

from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, Page, Site

from chorus.core.models import MenuItem
from chorus.core.navigation import menu_links
from chorus.core.page_cache import HIT_HEADER
from chorus.news.demo import ABOUT, MEMBERS
from chorus.news.demo_navigation import CAMPAIGNS_LABEL, CONTACT, PRIVACY

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "zh-hans", "zh-hant", "th", "ko", "km"]


def soup(response: Any) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def menu(page: BeautifulSoup) -> dict[str, str]:
    nav = page.select_one("header nav.main-nav")
    assert nav is not None
    return {a.get_text(strip=True): a["href"] for a in nav.select("a")}


def footer(page: BeautifulSoup) -> dict[str, str]:
    nav = page.select_one("footer nav.footer-nav")
    assert nav is not None
    return {a.get_text(strip=True): a["href"] for a in nav.select("a")}


@pytest.mark.parametrize("language", LANGUAGES)
def test_visitors_get_the_menu_and_footer_in_their_language(client: Client, demo_site, language: str) -> None:
    page = soup(client.get(f"/{language}/"))
    links = menu(page)
    assert links[CAMPAIGNS_LABEL[language]] == f"/{language}/#campaigns-heading"
    assert links[ABOUT[language][0]] == f"/{language}/about/"
    assert all(href.startswith(f"/{language}/") for href in links.values())
    # The members' corner is not there for visitors, in no language.
    assert not any("/members/" in href for href in links.values())
    assert footer(page) == {
        PRIVACY[language][0]: f"/{language}/privacy/",
        CONTACT[language][0]: f"/{language}/contact/",
    }


def test_the_campaigns_link_jumps_to_the_active_campaigns_on_the_home_page(
    client: Client, campaign: Any
) -> None:
    page = soup(client.get("/th/"))
    assert menu(page)[CAMPAIGNS_LABEL["th"]] == "/th/#campaigns-heading"
    assert page.select_one("#campaigns-heading") is not None


@pytest.mark.parametrize("language", LANGUAGES)
def test_members_find_the_members_corner_in_the_menu(
    client: Client, demo_site, demo_accounts, language: str
) -> None:
    client.force_login(demo_accounts["member"])
    links = menu(soup(client.get(f"/{language}/about/")))
    expected = {"zh-hant": "會員專區", "km": "ជ្រុងសមាជិក"}.get(language) or MEMBERS[language][0]
    # Under the reader's prefix even where the page itself is not translated yet.
    assert links[expected] == f"/{language}/members/"
    assert client.get(links[expected]).status_code == 200


def test_the_current_page_is_marked_and_untranslated_labels_carry_their_language(
    client: Client, demo_site, demo_accounts
) -> None:
    page = soup(client.get("/th/about/"))
    current = page.select('nav.main-nav a[aria-current="page"]')
    assert [a["href"] for a in current] == ["/th/about/"]
    # A link staff have not translated yet shows the original's label, marked as English.
    english = MenuItem.objects.get(locale__language_code="en", page__slug="about")
    english.label = "About the collective"
    english.save()
    MenuItem.objects.filter(translation_key=english.translation_key).exclude(pk=english.pk).delete()
    link = soup(client.get("/th/")).select_one('nav.main-nav a[href="/th/about/"]')
    assert link.get_text() == "About the collective"
    assert link["lang"] == "en"


def test_a_link_to_a_private_page_added_by_staff_is_shown_only_to_members(
    client: Client, demo_site, demo_accounts
) -> None:
    # An article under a members-only page, reached through an ancestor's restriction.
    members = Page.objects.get(slug="members", locale__language_code="en")
    child = members.add_child(instance=Page(title="Meeting notes", slug="meeting-notes"))
    child.save_revision().publish()
    MenuItem.objects.create(locale=Locale.get_default(), page=child, sort_order=99)
    assert "Meeting notes" not in menu(soup(client.get("/en/")))
    client.force_login(demo_accounts["member"])
    assert "Meeting notes" in menu(soup(client.get("/en/")))


def test_cached_anonymous_pages_never_show_member_links_and_members_are_not_served_from_cache(
    client: Client, demo_site, demo_accounts, page_cache_on: None
) -> None:
    first = client.get("/en/about/")
    assert first[HIT_HEADER] == "miss"
    assert client.get("/en/about/")[HIT_HEADER] == "hit"

    member = Client()
    member.force_login(demo_accounts["member"])
    response = member.get("/en/about/")
    assert HIT_HEADER not in response
    assert MEMBERS["en"][0] in menu(soup(response))

    again = client.get("/en/about/")
    assert again[HIT_HEADER] == "hit"
    assert MEMBERS["en"][0] not in menu(soup(again))


def test_editing_the_menu_drops_the_cached_pages(client: Client, demo_site, page_cache_on: None) -> None:
    client.get("/ko/")
    assert client.get("/ko/")[HIT_HEADER] == "hit"
    item = MenuItem.objects.get(locale__language_code="ko", page__slug="about")
    item.label = "단체 소개"
    item.save()
    response = client.get("/ko/")
    assert response[HIT_HEADER] == "miss"
    assert "단체 소개" in menu(soup(response))


def test_all_menus_of_a_page_cost_three_queries(rf: Any, demo_site, demo_accounts) -> None:
    request = rf.get("/th/")
    request.user = demo_accounts["member"]
    request.session = {}
    from django.utils import translation

    # As in a real request, Wagtail has found the site and its root paths before the chrome.
    demo_site.get_url(request=request)
    with translation.override("th"), CaptureQueriesContext(connection) as queries:
        main = menu_links(request, MenuItem.Menu.MAIN)
        foot = menu_links(request, MenuItem.Menu.FOOTER)
    assert len(main) == 4 and len(foot) == 2  # no days of action in this demo (events are not loaded)
    assert len(queries.captured_queries) == 3


def test_anonymous_readers_menus_are_kept_until_a_publish_and_mark_their_own_page(
    rf: Any, demo_site, page_cache_on: None
) -> None:
    from django.contrib.auth.models import AnonymousUser
    from django.utils import translation

    def anonymous(path: str) -> Any:
        request = rf.get(path)
        request.user = AnonymousUser()
        request.session = {}
        demo_site.get_url(request=request)  # Wagtail has found the site before the chrome
        return request

    with translation.override("en"):
        home, about_page = anonymous("/en/"), anonymous("/en/about/")
        with CaptureQueriesContext(connection) as first:
            menu_links(home, MenuItem.Menu.MAIN)
        with CaptureQueriesContext(connection) as second:
            links = menu_links(about_page, MenuItem.Menu.MAIN)
        assert len(first.captured_queries) == 3 and second.captured_queries == []
        assert [link.url for link in links if link.current] == ["/en/about/"]

        about = Page.objects.get(slug="about", locale__language_code="en").specific
        about.title = "Who we are"
        about.save_revision().publish()
        labels = [link.label for link in menu_links(anonymous("/en/"), MenuItem.Menu.MAIN)]
    assert "Who we are" in labels


def test_open_graph_tags_name_the_public_address(client: Client, demo_site, settings: Any) -> None:
    settings.CHORUS_BASE_URL = "https://riverlight.example"
    page = soup(client.get("/km/about/", HTTP_HOST="internal-proxy:8000"))

    def meta(attribute: str, name: str) -> str:
        return page.select_one(f'meta[{attribute}="{name}"]')["content"]

    assert meta("property", "og:url") == "https://riverlight.example/km/about/"
    assert meta("property", "og:title") == ABOUT["km"][0]
    assert meta("property", "og:description") == ABOUT["km"][1]
    assert meta("property", "og:locale") == "km_KH"
    assert meta("property", "og:site_name") == (Site.objects.get(is_default_site=True).site_name or "Chorus")
    assert meta("name", "twitter:card") == "summary"
    assert meta("name", "twitter:title") == ABOUT["km"][0]


def test_campaign_and_event_pages_have_open_graph_tags(client: Client, campaign: Any) -> None:
    page = soup(client.get("/th/safety-not-raids/"))
    og_url = page.select_one('meta[property="og:url"]')["content"]
    assert og_url == settings.CHORUS_BASE_URL + "/th/safety-not-raids/"
    assert page.select_one('meta[property="og:locale"]')["content"] == "th_TH"
    assert page.select_one('meta[property="og:description"]')["content"]


def test_a_bad_anchor_is_refused_with_a_message_and_nothing_is_saved(
    client: Client, demo_site, demo_accounts
) -> None:
    from tests.mfa import log_in_with_totp

    log_in_with_totp(client, demo_accounts["staff"])
    contact = Page.objects.get(slug="contact", locale__language_code="en")
    before = MenuItem.objects.count()
    response = client.post(
        "/admin/snippets/core/menuitem/add/?locale=en",
        {"menu": "main", "page": contact.pk, "label": "", "anchor": "#not an id", "sort_order": 1},
    )
    assert response.status_code == 200
    assert "Letters, digits and hyphens, starting with a letter." in response.content.decode()
    assert MenuItem.objects.count() == before
