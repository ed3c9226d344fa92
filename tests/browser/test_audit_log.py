"""Staff count a flagged action and pause a campaign, then find both under Reports → Site
history, in their words, and narrow the list down to one action type with its filter."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from playwright.sync_api import Page, expect
from wagtail.users.models import UserProfile

from chorus.actions.models import Action
from chorus.campaigns.models import CampaignPage
from chorus.news.demo import DEMO_USERS, load_demo_users
from tests.actions.helpers import petition_data

from .conftest import describe, run_axe, translated
from .test_joint_letter import staff_log_in

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("browser")]


@pytest.fixture
def staff(light_campaign: CampaignPage) -> Any:
    load_demo_users()
    return get_user_model().objects.get(email=next(user.email for user in DEMO_USERS if user.is_staff))


def test_staff_find_a_moderation_entry_in_site_history_and_filter_by_its_type(
    page: Page, light_campaign: CampaignPage, org_key: Any, staff: Any
) -> None:
    for n in range(2):  # two bots: the honeypot filled
        data = petition_data(email=f"bot{n}@example.net", website="x")
        Client().post(light_campaign.url + "sign/", data, REMOTE_ADDR="192.0.2.9")
    counted = Action.objects.filter(state=Action.State.FLAGGED).order_by("pk").first()
    assert counted is not None

    staff_log_in(page, staff, "/admin/actions/flagged/")
    page.locator(f'tr[data-action-id="{counted.pk}"]').get_by_role("button", name="Count it").click()
    expect(page.locator(".messages")).to_contain_text("The action now counts.")
    page.goto("/admin/actions/")
    page.get_by_role("button", name="Pause").click()
    expect(page.locator(".messages")).to_contain_text("is paused")

    page.goto("/admin/reports/site-history/")
    results = page.locator("#listing-results")
    expect(results).to_contain_text("Flagged action counted")
    expect(results).to_contain_text(f"petition signature {counted.pk} · {light_campaign.title}")
    expect(results).to_contain_text("Intake paused")
    expect(results).to_contain_text("Logged in")
    violations = run_axe(page)
    assert not violations, describe(violations)

    page.get_by_role("button", name="Show filters").click()
    page.locator(".w-drilldown__toggle", has_text="Action").first.click()
    page.get_by_label("Flagged action counted").check()
    expect(page).to_have_url(re.compile(r"action=chorus\.action_count"))
    expect(results.locator("tbody tr")).to_have_count(1)
    expect(results).to_contain_text("Flagged action counted")
    expect(results).not_to_contain_text("Intake paused")
    expect(results).not_to_contain_text("Logged in")

    # The same list for a member of staff who reads the admin in Thai: the labels are theirs.
    profile = UserProfile.get_for_user(staff)
    profile.preferred_language = "th"
    profile.save()
    page.goto("/admin/reports/site-history/")
    expect(results).to_contain_text(translated("th", "Flagged action counted"))
    expect(results).to_contain_text(translated("th", "Intake paused"))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "site-history-th.png"), full_page=True)
