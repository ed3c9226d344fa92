"""The main menu and footer in a real browser: on a phone, in every language, members' corner for members."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from chorus.news.demo import DEMO_USERS, MEMBERS
from chorus.news.demo_navigation import CAMPAIGNS_LABEL, CONTACT, PRIVACY

from .conftest import describe, log_in, run_axe, translated

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("browser")]

MEMBER = next(user for user in DEMO_USERS if not user.is_staff)
PHONE = {"width": 375, "height": 740}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def main_menu(page: Page, language: str) -> Any:
    return page.get_by_role("navigation", name=translated(language, "Main menu"))


@pytest.mark.parametrize("language", ["en", "th", "km", "zh-hant", "ko"])
def test_the_menu_fits_a_phone_and_passes_axe(page: Page, demo: Any, language: str) -> None:
    page.set_viewport_size(PHONE)
    page.goto(f"/{language}/")
    menu = main_menu(page, language)
    expect(menu.get_by_role("link", name=CAMPAIGNS_LABEL[language])).to_be_visible()
    footer = page.get_by_role("navigation", name=translated(language, "Footer"))
    expect(footer.get_by_role("link", name=PRIVACY[language][0])).to_be_visible()
    expect(footer.get_by_role("link", name=CONTACT[language][0])).to_be_visible()
    # Nothing wider than the phone: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    for link in menu.get_by_role("link").all():
        box = link.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        assert box["height"] >= 24  # WCAG 2.2 target size
    violations = run_axe(page)
    assert violations == [], describe(violations)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"menu-phone-{language}.png"), full_page=True)


def test_a_member_sees_the_members_corner_in_the_menu_and_a_visitor_does_not(page: Page, demo: Any) -> None:
    page.goto("/th/about/")
    members_link = main_menu(page, "th").get_by_role("link", name=MEMBERS["th"][0])
    expect(members_link).to_have_count(0)

    page.locator(".account-state").get_by_role("link", name=translated("th", "Log in")).click()
    log_in(page, "th", MEMBER.email, MEMBER.password)
    expect(page).to_have_url("/th/about/")
    expect(members_link).to_be_visible()
    members_link.click()
    expect(page).to_have_url("/th/members/")
    expect(page.locator("h1")).to_have_text(MEMBERS["th"][0])
    expect(main_menu(page, "th").locator('a[aria-current="page"]')).to_have_text(MEMBERS["th"][0])
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "menu-member-th.png"))

    page.locator(".account-state").get_by_role("button", name=translated("th", "Log out")).click()
    expect(page).to_have_url("/th/")
    expect(main_menu(page, "th").get_by_role("link", name=MEMBERS["th"][0])).to_have_count(0)
