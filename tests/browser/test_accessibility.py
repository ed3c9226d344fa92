"""axe-core finds no WCAG 2 A/AA violation, and the keyboard reaches the content."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from .conftest import LANGUAGE_TAGS, describe, run_axe, translated

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("browser")]


@pytest.mark.parametrize("code", list(LANGUAGE_TAGS))
def test_home_page_has_no_accessibility_violations(page: Page, demo: Any, code: str) -> None:
    page.goto(f"/{code}/")
    violations = run_axe(page)
    assert violations == [], describe(violations)


@pytest.mark.parametrize("path", ["/th/accounts/login/", "/th/about/"])
def test_login_and_content_pages_have_no_accessibility_violations(page: Page, demo: Any, path: str) -> None:
    page.goto(path)
    violations = run_axe(page)
    assert violations == [], describe(violations)


def test_skip_link_appears_on_tab_and_moves_focus_to_main(page: Page, demo: Any) -> None:
    page.goto("/km/")
    skip = page.get_by_role("link", name=translated("km", "Skip to main content"))
    # Off screen until a keyboard user reaches it.
    assert not skip.is_visible() or (skip.bounding_box() or {"x": -1})["x"] < 0

    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0 and box["width"] > 0

    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    # The next Tab continues inside the content, not back at the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")
