"""A stranger types someone else's address into the RSVP form of a Thai day of action: the page
answers as for anyone ("check your mail"), the other person's RSVP stays confirmed, and only
their mailbox (a real SMTP server) hears that they are already on the list, with the button
to cancel."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from playwright.sync_api import Page, expect
from wagtail.models import Locale

from chorus.actions.models import Action
from chorus.actions.services import confirm_action
from chorus.actions.tokens import confirm_token
from chorus.campaigns.models import CampaignPage
from chorus.events.models import EventPage
from tests.delivery.smtp import SMTPServer
from tests.events.conftest import rsvp_data

from .conftest import translated

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("browser")]

CODE = "th"
VICTIM = "malee.rsvp@example.org"


@pytest.fixture
def event_site(live_server: Any, light_campaign: CampaignPage, org_key: Any) -> EventPage:
    from chorus.events.demo import load_demo_events

    load_demo_events(light_campaign.get_parent())
    return EventPage.objects.get(locale=Locale.get_default(), slug="rights-not-rescue-embassy")


def label(message: str) -> re.Pattern[str]:
    return re.compile("^" + re.escape(translated(CODE, message)) + ":?$")


def plain(mail: Any) -> str:
    return str(mail.message.get_body(preferencelist=("plain",)).get_content())


def test_a_stranger_typing_a_known_address_learns_nothing_and_cancels_nothing(
    page: Page, event_site: EventPage, smtp: SMTPServer
) -> None:
    event = event_site.get_translation(Locale.objects.get(language_code=CODE)).specific
    # The victim RSVPs and confirms (their own browser, their own mail).
    mine = Client().post(event.url + "rsvp/", rsvp_data(email=VICTIM), REMOTE_ADDR="203.0.113.5")
    assert mine.status_code == 302
    victims = Action.objects.filter(page_id=event_site.pk).latest("pk")
    confirm_action(confirm_token(victims))
    delivered = len(smtp.handler.delivered)

    # The stranger, in a browser of their own, with an invented +tag.
    page.goto(event.url)
    form = page.locator("form.action-form")
    form.get_by_label(label("Your name")).fill("สมชาย")
    form.get_by_label(label("Your email address (optional)")).fill("malee.rsvp+curious@example.org")
    form.get_by_label(
        label(
            "I agree that my name (and email address, if I give one) are kept, encrypted, so that the "
            "organisers know who is coming, and deleted after the event."
        )
    ).check()
    page.wait_for_timeout(3500)  # a person's pace: the fill-time check flags instant submissions
    form.get_by_role("button", name=translated(CODE, "RSVP")).click()

    # The answer anyone gets: thanks, check your mail; no "already", no cancel link, no token.
    expect(page.locator("h1")).to_have_text(translated(CODE, "Thank you — see you there!"))
    expect(
        page.get_by_text(
            translated(
                CODE,
                "We have sent you an email. Please open the link in it and press the button to confirm your RSVP.",
            )
        )
    ).to_be_visible()
    expect(page.locator(".event-cancel-link")).to_have_count(0)
    assert "token" not in page.url and "c=" not in page.url and "already" not in page.url
    assert translated(CODE, "You are already on the list") not in page.content()

    # The victim's place is untouched and nothing new was recorded.
    assert Action.objects.get(pk=victims.pk).state == Action.State.CONFIRMED
    assert Action.objects.filter(page_id=event_site.pk, supporter=victims.supporter).count() == 1

    # Only the victim's mailbox hears of it: in Thai, with the button to cancel.
    (notice,) = smtp.handler.delivered[delivered:]
    assert notice.rcpt_tos == [VICTIM]
    assert notice.message["Subject"] == translated(CODE, "You are already on the list: %(title)s") % {
        "title": event.title
    }
    assert re.search(rf"https?://\S+/{CODE}/\S+/cancel/\?token=\S+", plain(notice))
