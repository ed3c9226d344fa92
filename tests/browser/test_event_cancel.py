"""Cancelling an RSVP in Thai in a real browser, from the link in the confirmation mail:
opening the link changes nothing, the button frees the place, and the event page shows one
more place left. axe-core checks the cancel page before and after."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect
from wagtail.models import Locale

from chorus.actions.models import Action
from chorus.campaigns.models import CampaignPage
from chorus.events.models import EventPage
from tests.delivery.smtp import SMTPServer

from .conftest import describe, run_axe, translated

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("browser")]

CODE = "th"
EMAIL = "malee.cancel@example.org"


@pytest.fixture
def event_site(live_server: Any, light_campaign: CampaignPage, org_key: Any) -> EventPage:
    """The demo days of action on a bare site; the upcoming one has the demo's RSVPs."""
    from chorus.events.demo import load_demo_events

    load_demo_events(light_campaign.get_parent())
    return EventPage.objects.get(locale=Locale.get_default(), slug="rights-not-rescue-embassy")


def label(message: str) -> re.Pattern[str]:
    return re.compile("^" + re.escape(translated(CODE, message)) + ":?$")


def places_left(count: int) -> str:
    from django.utils import translation

    with translation.override(CODE):
        return translation.ngettext("%(places)s place left", "%(places)s places left", count) % {
            "places": count
        }


def test_a_thai_supporter_cancels_from_the_mail_and_the_place_comes_back(
    page: Page, event_site: EventPage, smtp: SMTPServer
) -> None:
    event = event_site.get_translation(Locale.objects.get(language_code=CODE)).specific
    left = event.capacity - Action.objects.filter(page_id=event_site.pk).count()
    page.goto(event.url)
    expect(page.locator(".event-places")).to_have_text(places_left(left))

    form = page.locator("form.action-form")
    form.get_by_label(label("Your name")).fill("มาลี ใจดี")
    form.get_by_label(label("Your email address (optional)")).fill(EMAIL)
    form.get_by_label(
        label(
            "I agree that my name (and email address, if I give one) are kept, encrypted, so that the "
            "organisers know who is coming, and deleted after the event."
        )
    ).check()
    page.wait_for_timeout(3500)  # a person's pace: the fill-time check flags instant submissions
    form.get_by_role("button", name=translated(CODE, "RSVP")).click()
    expect(page.locator("h1")).to_have_text(translated(CODE, "Thank you — see you there!"))
    page.goto(event.url)
    expect(page.locator(".event-places")).to_have_text(places_left(left - 1))
    action = Action.objects.filter(page_id=event_site.pk).latest("pk")

    (mail,) = smtp.handler.delivered
    body = mail.message.get_body(preferencelist=("plain",)).get_content()
    link = re.search(rf"https?://\S+/{CODE}/\S+/cancel/\?token=\S+", body)
    assert link, body
    parts = urlsplit(link.group(0))
    page.goto(f"{parts.path}?{parts.query}")  # the live server, not CHORUS_BASE_URL

    expect(page.locator("html")).to_have_attribute("lang", CODE)
    expect(page.locator("h1")).to_have_text(translated(CODE, "Cancel your RSVP"))
    violations = run_axe(page)
    assert violations == [], describe(violations)
    assert Action.objects.get(pk=action.pk).state == Action.State.PENDING  # opening changes nothing

    page.get_by_role("button", name=translated(CODE, "Cancel my RSVP")).click()
    expect(page.locator("h1")).to_have_text(translated(CODE, "Your RSVP is cancelled"))
    violations = run_axe(page)
    assert violations == [], describe(violations)
    assert Action.objects.get(pk=action.pk).state == Action.State.INVALIDATED

    page.goto(event.url)
    expect(page.locator(".event-places")).to_have_text(places_left(left))
