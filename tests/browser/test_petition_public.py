"""Signing the petition in Chinese in a real browser with a display name and a comment,
confirming through the link in the mail, and finding the name among the recent signers."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect
from wagtail.models import Locale

from chorus.actions.models import Action
from chorus.campaigns.models import CampaignPage
from chorus.petitions import services as petition
from chorus.petitions.models import PetitionPage
from chorus.petitions.signatures import PetitionSignature
from tests.delivery.smtp import SMTPServer

from .conftest import describe, run_axe, translated

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("browser")]

CODE = "zh-hans"
SHOWN = "小明"
COMMENT = "我支持这个请愿，因为突击搜查让我们的工作更危险。"


@pytest.fixture
def petition_site(live_server: Any, light_campaign: CampaignPage, org_key: Any) -> CampaignPage:
    PetitionPage.objects.filter(translation_key=light_campaign.translation_key).update(
        petition_ask_display_name=True, petition_ask_comment=True
    )
    return light_campaign


def label(message: str) -> re.Pattern[str]:
    return re.compile("^" + re.escape(translated(CODE, message)) + ":?$")


def test_a_chinese_signer_shows_a_name_after_confirming(
    page: Page, petition_site: CampaignPage, smtp: SMTPServer
) -> None:
    url = petition_site.get_translation(Locale.objects.get(language_code=CODE)).url
    page.goto(url)
    form = page.locator("form.action-form")
    form.get_by_label(label("Your name")).fill("王小明")
    form.get_by_label(label("Your email address")).fill("xiaoming.wang@example.org")
    form.get_by_label(label("Country where you live")).select_option("CN")
    form.get_by_label(label("Show my name in the list of recent signers")).check()
    form.get_by_label(label("Name to show (optional)")).fill(SHOWN)
    form.get_by_label(label("A comment (optional)")).fill(COMMENT)
    form.get_by_label(
        label(
            "I agree that my name and email address are kept, encrypted, to confirm and count my "
            "signature, and deleted when the campaign ends."
        )
    ).check()
    page.wait_for_timeout(3500)  # a person's pace: the fill-time check flags instant submissions
    form.get_by_role("button", name=translated(CODE, "Sign")).click()
    expect(page).to_have_url(re.compile(r"/thanks/$"))

    page.goto(url)
    expect(page.locator(".recent-signers")).to_have_count(0)  # not before confirming

    (confirmation,) = smtp.handler.delivered
    body = confirmation.message.get_body(preferencelist=("plain",)).get_content()
    link = re.search(rf"https?://\S+/{CODE}/confirm/\?token=\S+", body)
    assert link
    parts = urlsplit(link.group(0))
    page.goto(f"{parts.path}?{parts.query}")  # the live server, not CHORUS_BASE_URL
    page.get_by_role("button", name=translated(CODE, "Yes, confirm")).click()
    assert Action.objects.get().state == Action.State.CONFIRMED

    page.goto(url)
    recent = page.get_by_role("region", name=translated(CODE, "Recent signers"))
    expect(recent).to_contain_text(SHOWN)
    expect(recent).not_to_contain_text("中国")  # a name was agreed to, not the country
    expect(page.locator(".petition-comments")).to_have_count(0)  # the comment waits for review

    # Staff publish the comment (the admin itself is covered in tests/petitions).
    assert petition.approve_comments([PetitionSignature.objects.get().pk]) == 1
    page.goto(url)
    comments = page.locator(".petition-comments")
    expect(comments).to_contain_text(COMMENT)
    expect(comments).to_contain_text(SHOWN)
    expect(page.locator(".thermometer progress")).to_have_attribute("aria-label", re.compile(".+"))
    expect(page.locator(".thermometer__count")).to_contain_text("500")  # the goal

    violations = run_axe(page)
    assert violations == [], describe(violations)
