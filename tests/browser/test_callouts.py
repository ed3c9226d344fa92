"""Action call-outs in a real browser: the embassy article presents the letter campaign and the
joint letter with their own counts, in English, Thai and Khmer; the letters' button leads to the
letter form in the reader's language; axe finds no WCAG A/AA violation on the article."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation
from django.utils.formats import number_format
from playwright.sync_api import Page, expect
from wagtail.models import Locale

from chorus.actions import counters
from chorus.actions.models import ActionCount
from chorus.jointletters.demo import load_demo_joint_letter
from chorus.letters.demo import load_demo_letter_campaign
from chorus.news.demo_callouts import JOINT_LETTER_HEADING, load_demo_callouts
from chorus.news.models import HomePage

from .conftest import describe, run_axe, translated
from .test_news import ARTICLE, serve_media

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("browser")]

# Set CHORUS_SCREENSHOTS to a folder to keep pictures of the call-outs, to look at.
SHOTS = os.environ.get("CHORUS_SCREENSHOTS", "")
LETTERS, SIGNATURES = 1234, 56


@pytest.fixture
def campaigns(demo: Any) -> dict[str, Any]:
    home = HomePage.objects.get(locale=Locale.get_default())
    letters = load_demo_letter_campaign(home)
    joint_letter = load_demo_joint_letter(home)
    assert load_demo_callouts() == 6
    counters.add(letters.action_page_id, ActionCount.Bucket.CONFIRMED, LETTERS)
    counters.add(joint_letter.action_page_id, ActionCount.Bucket.CONFIRMED, SIGNATURES)
    return {"letters": letters, "joint_letter": joint_letter}


def in_language(page: Any, code: str) -> Any:
    return page.get_translation(Locale.objects.get(language_code=code)).specific


def counted(code: str, singular: str, plural: str, n: int) -> str:
    with translation.override(code):
        return translation.ngettext(singular, plural, n) % {"count": number_format(n, force_grouping=True)}


@pytest.mark.parametrize("code", ["en", "th", "km"])
def test_the_article_presents_both_campaigns_and_leads_to_the_letter_form(
    page: Page, campaigns: dict[str, Any], code: str
) -> None:
    serve_media(page)
    letters = in_language(campaigns["letters"], code)
    joint_letter = in_language(campaigns["joint_letter"], code)
    page.goto(ARTICLE.format(code=code))

    callouts = page.locator("aside.action-callout")
    expect(callouts).to_have_count(2)
    first, second = callouts.nth(0), callouts.nth(1)
    expect(first.get_by_role("heading", level=2)).to_have_text(letters.title)
    expect(first.locator(".action-callout__count")).to_have_text(
        counted(code, "%(count)s letter written", "%(count)s letters written", LETTERS)
    )
    expect(second.get_by_role("heading", level=2)).to_have_text(JOINT_LETTER_HEADING[code])
    expect(second.locator(".action-callout__count")).to_have_text(
        counted(code, "%(count)s signature received", "%(count)s signatures received", SIGNATURES)
    )
    co_sign = second.get_by_role("link", name=translated(code, "Co-sign"))
    expect(co_sign).to_be_visible()
    expect(co_sign).to_have_attribute("href", f"{joint_letter.url}#sign-on")
    if code != "en":
        assert translated(code, "Write a letter") != "Write a letter"

    violations = run_axe(page)
    assert violations == [], describe(violations)

    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        first.scroll_into_view_if_needed()
        page.screenshot(path=f"{SHOTS}/callouts-{code}-wide.png", full_page=True)
        page.set_viewport_size({"width": 375, "height": 740})
        second.screenshot(path=f"{SHOTS}/callout-{code}-phone-joint-letter.png")
        first.screenshot(path=f"{SHOTS}/callout-{code}-phone-letters.png")

    first.get_by_role("link", name=translated(code, "Write a letter")).click()

    expect(page).to_have_url(re.compile(re.escape(letters.url) + "#write$"))
    expect(page.locator("h1")).to_have_text(letters.title)
    form = page.locator("#write form")
    expect(form).to_be_visible()
    expect(form).to_be_in_viewport()
