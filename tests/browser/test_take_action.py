"""On a phone every action page has a "take action" link at the top that jumps to its form, in
the reader's language; the share links carry the public address (CHORUS_BASE_URL), on
campaign pages and days of action alike."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from playwright.sync_api import Page, expect
from wagtail.models import Locale

from chorus.events.demo import load_demo_events
from chorus.events.models import EventPage
from chorus.jointletters.demo import load_demo_joint_letter
from chorus.letters.demo import load_demo_letter_campaign
from chorus.news.models import HomePage
from chorus.petitions.demo import load_demo_campaign

from .conftest import translated

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("browser")]

PUBLIC = "https://campaign.example.org"
PHONE = {"width": 375, "height": 740}
# Set CHORUS_SCREENSHOTS to a folder to keep a picture of each phone page, to look at.
SHOTS = os.environ.get("CHORUS_SCREENSHOTS", "")


@pytest.fixture
def action_pages(demo: Any, settings: Any) -> dict[str, Any]:
    """The demo's four kinds of action page, and the public address the live server is known by."""
    settings.CHORUS_BASE_URL = PUBLIC
    home = HomePage.objects.get(locale=Locale.get_default())
    load_demo_events(home)
    return {
        "sign": load_demo_campaign(home),
        "write": load_demo_letter_campaign(home),
        "sign-on": load_demo_joint_letter(home),
        "rsvp": EventPage.objects.get(locale=Locale.get_default(), slug="rights-not-rescue-embassy"),
    }


def in_language(page: Any, code: str) -> Any:
    return page.get_translation(Locale.objects.get(language_code=code)).specific


LABELS = {
    "sign": "Sign the petition",
    "write": "Write your letter",
    "sign-on": "Co-sign the letter",
    "rsvp": "RSVP now",
}
CASES = [
    ("th", "sign-on"),
    ("km", "sign-on"),
    ("km", "rsvp"),
    ("th", "write"),
    ("zh-hant", "sign"),
    ("ko", "rsvp"),
]


@pytest.mark.parametrize(("code", "anchor"), CASES)
def test_on_a_phone_the_take_action_link_jumps_to_the_form(
    page: Page, action_pages: dict[str, Any], code: str, anchor: str
) -> None:
    shown = in_language(action_pages[anchor], code)
    page.set_viewport_size(PHONE)
    page.goto(shown.url)
    label = translated(code, LABELS[anchor])
    assert label != LABELS[anchor]
    link = page.locator(".take-action a")
    expect(link).to_have_text(label)
    box = link.bounding_box()
    assert box is not None and box["y"] + box["height"] < PHONE["height"], "the link is on the first screen"
    if anchor in {"sign-on", "write"}:  # the long pages: the form is screens down
        assert page.locator(f"#{anchor}").bounding_box()["y"] > PHONE["height"]
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/take-action-{code}-{anchor}.png")

    link.click()

    assert page.url.endswith(f"#{anchor}")
    top = page.evaluate(f"document.getElementById('{anchor}').getBoundingClientRect().top")
    assert -2 <= top < 200, "the form is at the top of the screen"
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/take-action-{code}-{anchor}-jumped.png")


def test_on_a_wide_screen_the_form_is_beside_the_text_and_the_link_hidden(
    page: Page, action_pages: dict[str, Any]
) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(in_language(action_pages["sign-on"], "th").url)
    expect(page.locator(".take-action a")).to_be_hidden()
    expect(page.locator("#sign-on")).to_be_in_viewport()


@pytest.mark.parametrize(("code", "kind"), [("th", "write"), ("km", "rsvp"), ("zh-hans", "sign-on")])
def test_share_links_carry_the_public_address(
    page: Page, action_pages: dict[str, Any], code: str, kind: str
) -> None:
    shown = in_language(action_pages[kind], code)
    page.goto(shown.url)
    share = page.locator("section.share")
    expect(share.get_by_role("link", name="LINE")).to_be_visible()
    address = f"{PUBLIC}{shown.url}"
    expect(share.locator("input")).to_have_value(address)
    hrefs = [unquote(link.get_attribute("href") or "") for link in share.get_by_role("link").all()]
    assert len(hrefs) == 4
    assert all(address in href for href in hrefs), hrefs
    assert not any("localhost" in href or "127.0.0.1" in href for href in hrefs)
    if SHOTS:
        share.screenshot(path=f"{SHOTS}/share-{code}-{kind}.png")
