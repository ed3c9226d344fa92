"""The pages a confirmation link opens: what confirming did for this kind of action, a used link
that says so instead of asking again, and the way back to the campaign."""

from __future__ import annotations

from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import translation
from wagtail.models import Locale

from chorus.actions.models import Action
from chorus.actions.tokens import confirm_token
from chorus.campaigns.models import CampaignPage
from chorus.campaigns.review import Review
from chorus.jointletters.models import JointLetterPage
from chorus.news.models import HomePage
from tests.jointletters.test_signon import LETTER, sign

from .helpers import sign as sign_petition

pytestmark = pytest.mark.django_db


@pytest.fixture
def joint_letter(demo_site: HomePage, org_key: Any) -> CampaignPage:
    """A joint letter campaign in English with a Korean translation, no signatures."""
    page = JointLetterPage(
        title="Joint letter to the Ambassador",
        slug="joint-letter-confirmed",
        summary="Organisations co-sign a letter.",
        joint_letter_text=LETTER,
        joint_letter_recipient="H.E. the Ambassador of the Kingdom of Thailand",
        locale=Locale.get_default(),
    )
    demo_site.add_child(instance=page)
    page.save_revision().publish()
    page.copy_for_translation(Locale.objects.get(language_code="ko")).save_revision().publish()
    return page


def translated(code: str, message: str) -> str:
    with translation.override(code):
        text = translation.gettext(message)
    assert text != message, f"{message!r} has no {code} translation"
    return text


def page_of(response: Any) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def main_text(response: Any) -> str:
    main = page_of(response).main
    assert main is not None
    return " ".join(main.get_text(" ").split())


def test_a_used_link_says_already_confirmed_instead_of_asking_again(
    client: Client, campaign: Any, org_key: Any
) -> None:
    sign_petition(client, campaign, language="th")
    action = Action.objects.get()
    url = f"/th/confirm/?token={confirm_token(action)}"
    first = client.post(url)
    assert first.status_code == 200
    assert page_of(first).h1.get_text(strip=True) == translated("th", "Thank you for confirming")

    for again in (client.get(url), client.post(url)):
        assert again.status_code == 200
        page = page_of(again)
        assert page.h1.get_text(strip=True) == translated("th", "You have already confirmed")
        assert page.select("main form") == []  # no "press to confirm" button any more
        assert translated("th", "Your signature is confirmed and counts in full.") in main_text(again)
    action.refresh_from_db()
    assert action.state == Action.State.CONFIRMED


def test_the_confirmed_page_leads_back_to_the_campaign_in_the_readers_language(
    client: Client, campaign: Any, org_key: Any
) -> None:
    sign_petition(client, campaign, language="km")
    action = Action.objects.get()
    response = client.post(f"/km/confirm/?token={confirm_token(action)}")
    khmer = campaign.get_translation(Locale.objects.get(language_code="km"))
    links = {str(a["href"]): a.get_text(" ", strip=True) for a in page_of(response).select("main a")}
    assert khmer.url in links
    assert khmer.title in links[khmer.url]
    assert "/km/" in links


def test_a_confirmed_joint_letter_signature_is_told_it_waits_for_review(
    client: Client, joint_letter: CampaignPage
) -> None:
    signature = sign(joint_letter, "ko")
    response = client.post(f"/ko/confirm/?token={confirm_token(signature.action)}")
    assert response.status_code == 200
    text = main_text(response)
    review = (
        "Your signature is confirmed. The organisation reviews every signature before it is added to "
        "the letter, and writes to you once yours has been reviewed."
    )
    assert translated("ko", review) in text
    for counted in (
        "Your action is confirmed and counts in full.",
        "Your signature is confirmed and counts in full.",
    ):
        assert translated("ko", counted) not in text
    signature.refresh_from_db()
    assert signature.review == Review.PENDING and signature.action.confirmed_at is not None
