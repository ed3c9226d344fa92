"""Every language's home page, the language switcher and the remembered choice, in a real browser."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from chorus.news.demo import ABOUT, HOME

from .conftest import LANGUAGE_TAGS, normalised_text, translated

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("browser")]


@pytest.mark.parametrize("code", list(LANGUAGE_TAGS))
def test_home_page_speaks_the_language_of_its_url(page: Page, demo: Any, code: str) -> None:
    page.goto(f"/{code}/")

    expect(page.locator("html")).to_have_attribute("lang", LANGUAGE_TAGS[code])
    expect(page.locator("h1")).to_have_text(HOME[code][0])
    state, action = translated(code, "You are not logged in"), translated(code, "Log in")
    assert normalised_text(page, ".account-state") == f"{state} · {action}"
    if code != "en":
        # Both halves must be translated: a missing or English-copied entry is a bug.
        assert state != "You are not logged in"
        assert action != "Log in"
    # The switcher names every language in its own script, marked with its own language.
    for other, tag in LANGUAGE_TAGS.items():
        link = page.locator(f".language-switcher a[hreflang='{tag}']")
        expect(link).to_have_attribute("lang", tag)
        expect(link).to_have_attribute("href", f"/{other}/")


def test_switching_language_keeps_the_page_and_is_remembered(page: Page, demo: Any) -> None:
    page.goto("/th/about/")
    expect(page.locator("h1")).to_have_text(ABOUT["th"][0])

    page.locator(".language-switcher").get_by_role("link", name="한국어").click()

    expect(page).to_have_url("/ko/about/")
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    expect(page.locator("h1")).to_have_text(ABOUT["ko"][0])
    expect(page.locator(".language-switcher a[aria-current]")).to_have_text("한국어")

    # The browser asks for English; the visitor's own choice wins.
    page.goto("/")
    expect(page).to_have_url("/ko/")
    expect(page.locator("h1")).to_have_text(HOME["ko"][0])
