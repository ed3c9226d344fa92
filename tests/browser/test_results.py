"""A campaigner opens the demo letter campaign's results in English and in Thai, in a real
browser: charts drawn on the server beside their tables, the admin home's panel, and a CSV
download whose bytes open in a spreadsheet with Thai intact and nothing to evaluate."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from playwright.sync_api import Page, expect
from wagtail.users.models import UserProfile

from chorus.campaigns.models import CampaignPage
from chorus.letters.models import LetterCampaignPage, Target

from .conftest import current_totp, describe, log_in, run_axe, translated

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("browser")]

PASSWORD = "campaigner-results-test"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture
def letters(light_campaign: CampaignPage, org_key: Any) -> LetterCampaignPage:
    """The demo letter campaign with its demo writers' letters, recorded through the engine."""
    from chorus.letters.demo import load_demo_letter_campaign, load_demo_letters

    campaign = load_demo_letter_campaign(light_campaign.get_parent().specific)
    assert load_demo_letters(campaign) > 0
    return campaign


@pytest.fixture
def campaigner(light_campaign: CampaignPage) -> Any:
    """Staff who may see results (not a superuser), with an authenticator app."""
    user = get_user_model().objects.create_user(
        username="results-campaigner", email="results-campaigner@example.org", password=PASSWORD
    )
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(content_type__app_label="actions", codename="view_results"),
    )
    user.totp_secret = generate_totp_secret()
    TOTP.activate(user, user.totp_secret)
    return user


def log_in_campaigner(page: Page, user: Any, next_url: str) -> None:
    page.goto(f"/en/accounts/login/?next={next_url}")
    log_in(page, "en", user.email, PASSWORD)
    expect(page).to_have_url(re.compile(r"/en/accounts/2fa/authenticate/"))
    page.get_by_label("Code").fill(current_totp(user.totp_secret))
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(re.escape(next_url) + "$"))


def download_csv(page: Page, link_name: str) -> list[list[str]]:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    data = Path(info.value.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), data[:20]
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_a_campaigner_reads_the_letter_results_in_english_and_thai(
    page: Page, letters: LetterCampaignPage, campaigner: Any
) -> None:
    target = letters.campaign_targets.first().target
    Target.objects.filter(pk=target.pk).update(name="=HYPERLINK(1)", title="")
    url = f"/admin/results/{letters.pk}/"
    log_in_campaigner(page, campaigner, "/admin/")
    panel = page.locator("section[aria-labelledby=needs-attention-title]")
    expect(panel).to_contain_text("Active campaigns today")
    panel.get_by_role("link", name=letters.title).click()
    expect(page).to_have_url(re.compile(re.escape(url) + "$"))

    expect(page.get_by_role("heading", name=f"Results: {letters.title}")).to_be_visible()
    languages = page.locator("#table-languages")
    expect(languages.locator("svg[role=img]")).to_be_visible()
    expect(languages.locator("tbody th", has_text="ไทย")).to_be_visible()
    expect(languages.locator('svg text[lang="th"]')).to_have_text("ไทย")
    expect(page.locator("#table-days svg rect.results__bar")).to_have_count(90)
    expect(page.locator("#table-targets tbody")).to_contain_text("=HYPERLINK(1)")
    violations = run_axe(page)
    assert not violations, describe(violations)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "results-en.png"), full_page=True)

    rows = download_csv(page, "Download “Actions by language” as CSV")
    assert rows[0][:2] == ["Language", "Total"]
    assert any(row[0] == "ไทย" and int(row[1]) >= 1 for row in rows[1:])
    targets = download_csv(page, "Download “Letters per target” as CSV")
    assert [row[0] for row in targets if "HYPERLINK" in row[0]] == ["'=HYPERLINK(1)"]

    profile = UserProfile.get_for_user(campaigner)
    profile.preferred_language = "th"
    profile.save()
    page.reload()
    title = translated("th", "Actions by language")
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(page.locator("#table-languages svg title")).to_contain_text(title)
    violations = run_axe(page)
    assert not violations, describe(violations)
    page.screenshot(path=str(SCREENSHOTS / "results-th.png"), full_page=True)
    rows = download_csv(page, translated("th", "Download “%(title)s” as CSV", title=title))
    assert rows[0][:2] == [translated("th", "Language"), translated("th", "Total")]
    assert any(row[0] == "ไทย" for row in rows[1:])
