"""Every absolute URL that leaves the site carries the public address (CHORUS_BASE_URL).

The Wagtail Site of the demo is `localhost:80` and the test client's host is `testserver`: a
link made from either is one a reader elsewhere cannot open. Each surface — share links on
campaign, letter and event pages, canonical links, mails, Atom feeds, the calendar file, the
sitemap — is read here as a reader gets it, and every site URL in it must be on the public host.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from django.test import Client
from wagtail.models import Locale, Page

from chorus.actions.models import Action
from chorus.core.crypto import server_decrypt
from chorus.core.urls import public_url
from chorus.delivery.models import Outbox
from chorus.events.demo import load_demo_events
from chorus.events.models import EventPage
from chorus.jointletters.demo import load_demo_joint_letter
from chorus.letters.demo import load_demo_letter_campaign
from chorus.news.models import HomePage
from tests.actions.helpers import sign
from tests.events.conftest import rsvp

pytestmark = pytest.mark.django_db

PUBLIC = "https://campaign.example.org"
# Hosts that are not ours and may appear: share services, XML namespaces, the feed generator.
FOREIGN = {
    "wa.me",
    "t.me",
    "line.me",
    "social-plugins.line.me",
    "www.facebook.com",
    "x.com",
    "service.weibo.com",
    "www.w3.org",
    "www.sitemaps.org",
    "www.openstreetmap.org",
    "openstreetmap.org",
}
URL = re.compile(r"https?://[^\s\"'<>\\]+")


@pytest.fixture(autouse=True)
def public_address(settings: Any) -> None:
    settings.CHORUS_BASE_URL = PUBLIC


def site_urls(text: str) -> list[str]:
    """Every URL in `text` (also inside share links' encoded parameters) that is not a foreign host."""
    decoded = unquote(unquote(text))
    return [url for url in URL.findall(decoded) if urlsplit(url).hostname not in FOREIGN]


def assert_public(text: str, what: str) -> None:
    urls = site_urls(text)
    assert urls, f"{what}: no site URL at all"
    wrong = [url for url in urls if not url.startswith(PUBLIC + "/")]
    assert not wrong, f"{what} links to {wrong}"


def in_language(page: Page, language: str) -> Page:
    return page.get_translation(Locale.objects.get(language_code=language)).specific


def test_public_url_takes_the_public_address_not_the_sites_hostname(demo_site: HomePage) -> None:
    assert demo_site.full_url.startswith("http://localhost/")  # the Site, as the demo sets it
    assert public_url(in_language(demo_site, "th")) == f"{PUBLIC}/th/"
    assert public_url("/en/feeds/news/") == f"{PUBLIC}/en/feeds/news/"
    assert public_url("https://cdn.example.net/media/x.jpg") == "https://cdn.example.net/media/x.jpg"


def test_campaign_and_thank_you_pages_share_the_public_address(client: Client, campaign: Any) -> None:
    for language in ["en", "th", "km"]:
        page = in_language(campaign, language)
        for path in [page.url, page.url + "thanks/"]:
            response = client.get(path)
            assert response.status_code == 200
            html = response.content.decode()
            share = html[html.index('class="share"') :]
            assert_public(share, path)
            assert f'value="{PUBLIC}{page.url}"' in share


def test_letter_and_joint_letter_pages_share_the_public_address(client: Client, demo_site: HomePage) -> None:
    letter = load_demo_letter_campaign(demo_site)
    joint = load_demo_joint_letter(demo_site)
    for path in [
        in_language(letter, "th").url,
        joint.url,
        in_language(joint, "zh-hant").url + "join/thanks/",
    ]:
        html = client.get(path).content.decode()
        assert_public(html[html.index('class="share"') :], path)


def test_days_of_action_have_share_links_on_the_public_address(client: Client, demo_site: HomePage) -> None:
    load_demo_events(demo_site)
    event = EventPage.objects.get(locale=Locale.get_default(), slug="rights-not-rescue-embassy")
    for language in ["en", "th", "ko"]:
        page = in_language(event, language)
        for path in [page.url, page.url + "thanks/"]:
            html = client.get(path).content.decode()
            assert 'class="share"' in html, path
            share = html[html.index('class="share"') :]
            assert_public(share, path)
            assert "wa.me" in share and "line.me" in share


def test_the_calendar_file_links_to_the_public_address(client: Client, demo_site: HomePage) -> None:
    load_demo_events(demo_site)
    event = in_language(
        EventPage.objects.get(locale=Locale.get_default(), slug="rights-not-rescue-embassy"), "th"
    )
    body = client.get(event.url + "ics/").content.decode()
    # Unfold the RFC 5545 75-octet lines before looking for URLs.
    assert_public(body.replace("\r\n ", ""), "ics")
    assert f"URL:{PUBLIC}{event.url}" in body.replace("\r\n ", "")


def test_feeds_and_sitemap_use_the_public_address(client: Client, demo_site: HomePage) -> None:
    for path in ["/th/feeds/news/", "/km/feeds/newsflash/", "/sitemap.xml"]:
        response = client.get(path)
        assert response.status_code == 200
        text = response.content.decode()
        assert_public(text, path)
        assert "testserver" not in text and "localhost" not in text


def test_confirmation_mails_link_to_the_public_address(
    client: Client, campaign: Any, demo_site: HomePage, org_key: Any
) -> None:
    load_demo_events(demo_site)
    event = EventPage.objects.get(locale=Locale.get_default(), slug="rights-not-rescue-embassy")
    assert sign(client, campaign, "th").status_code == 302
    assert rsvp(client, event, "km", email="sokha@example.org").status_code == 302
    rows = Outbox.objects.filter(action__in=Action.objects.filter(page_id__in=[campaign.pk, event.pk]))
    assert (
        rows.filter(action__page_id=campaign.pk).exists() and rows.filter(action__page_id=event.pk).exists()
    )
    for row in rows:
        payload = server_decrypt(bytes(row.payload))
        assert_public(payload["body"], f"{row.kind} mail")


def test_the_letter_thank_you_page_shares_the_public_address(
    client: Client, demo_site: HomePage, org_key: Any
) -> None:
    from tests.campaigns.helpers import write

    letter = load_demo_letter_campaign(demo_site)
    response = write(client, letter, "send", language="km")
    assert response.status_code == 200
    html = response.content.decode()
    assert "letter-thanks" in html
    share = html[html.index('class="share"') :]
    assert_public(share, "letter thank-you page")
    assert f'value="{PUBLIC}{in_language(letter, "km").url}"' in share
