"""Staff choose the kind of action when they add a page, in the real admin: a petition, a
letter campaign or a joint letter, never the shared campaign base on its own. A petition made
and published through Wagtail's forms takes signatures on the site at once."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from chorus.news.models import HomePage
from chorus.petitions.models import PetitionPage

from .test_admin_accounts import staff_log_in_with_code

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("browser")]


def test_staff_add_a_petition_page_and_it_takes_signatures(page: Page, demo: dict[str, Any]) -> None:
    home = HomePage.objects.get(locale__language_code="en")
    add = f"/admin/pages/{home.pk}/add_subpage/"
    staff_log_in_with_code(page, demo["staff"], add)

    choices = page.locator("main")
    for kind in ("Petition", "Letter campaign", "Joint letter"):
        expect(choices.get_by_role("link", name=re.compile(rf"^{kind}\b"))).to_be_visible()
    expect(choices.get_by_role("link", name=re.compile(r"^Campaign page\b"))).to_have_count(0)

    choices.get_by_role("link", name=re.compile(r"^Petition\b")).click()
    page.locator("#id_title").fill("Decriminalise sex work now")
    page.locator("#id_summary").fill("Sign to ask the government to change the law.")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".messages")).to_contain_text("Decriminalise sex work now")

    made = PetitionPage.objects.get(slug="decriminalise-sex-work-now")
    assert made.live and made.action_kind() == "petition"
    page.goto(made.url)
    expect(page.locator("h1")).to_have_text("Decriminalise sex work now")
    expect(page.locator("form.action-form")).to_be_visible()
