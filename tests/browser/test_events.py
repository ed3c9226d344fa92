"""RSVPing to a day of action in Khmer in a real browser: the form, the thank-you page, the
calendar link, the places left and cancelling again, with axe-core on the event, thanks, cancel
and index pages."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from wagtail.models import Locale

from chorus.actions.models import Action
from chorus.campaigns.models import CampaignPage
from chorus.events.models import EventPage

from .conftest import describe, run_axe, translated

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("browser")]

CODE = "km"
NAME = "សុខ ចាន់ធី"


@pytest.fixture
def event_site(live_server: Any, light_campaign: CampaignPage, org_key: Any) -> EventPage:
    """The demo days of action on a bare site; the upcoming one has the demo's RSVPs."""
    from chorus.events.demo import load_demo_events

    load_demo_events(light_campaign.get_parent())
    return EventPage.objects.get(locale=Locale.get_default(), slug="rights-not-rescue-embassy")


def label(message: str) -> re.Pattern[str]:
    return re.compile("^" + re.escape(translated(CODE, message)) + ":?$")


def test_a_khmer_supporter_rsvps_without_an_email_address(page: Page, event_site: EventPage) -> None:
    event = event_site.get_translation(Locale.objects.get(language_code=CODE)).specific
    before = Action.objects.filter(page_id=event_site.pk).count()
    left = event.capacity - before
    page.goto(event.url)
    expect(page.locator("h1")).to_have_text(event.title)
    expect(page.locator(".event-places")).to_contain_text(str(left))
    expect(page.locator(".event-facts")).to_contain_text("Asia/Bangkok")
    expect(page.locator('a[href$="/ics/"]').first).to_be_visible()
    violations = run_axe(page)
    assert violations == [], describe(violations)

    form = page.locator("form.action-form")
    form.get_by_label(label("Your name")).fill(NAME)
    form.get_by_label(
        label(
            "I agree that my name (and email address, if I give one) are kept, encrypted, so that the "
            "organisers know who is coming, and deleted after the event."
        )
    ).check()
    page.wait_for_timeout(3500)  # a person's pace: the fill-time check flags instant submissions
    form.get_by_role("button", name=translated(CODE, "RSVP")).click()

    expect(page).to_have_url(re.compile(r"/thanks/\?mail=0&c="))
    expect(page.locator("h1")).to_have_text(translated(CODE, "Thank you — see you there!"))
    expect(page.locator("html")).to_have_attribute("lang", "km")
    violations = run_axe(page)
    assert violations == [], describe(violations)

    action = Action.objects.filter(page_id=event_site.pk).latest("pk")
    assert action.kind == Action.Kind.RSVP and action.language == CODE and action.supporter is None
    assert Action.objects.filter(page_id=event_site.pk).count() == before + 1

    # Plans change: the thank-you page's link frees the place again, after a button.
    page.get_by_role("link", name=translated(CODE, "Cannot come after all? Free your place")).click()
    expect(page.locator("h1")).to_have_text(translated(CODE, "Cancel your RSVP"))
    violations = run_axe(page)
    assert violations == [], describe(violations)
    assert Action.objects.get(pk=action.pk).state == Action.State.PENDING  # opening it changes nothing
    page.get_by_role("button", name=translated(CODE, "Cancel my RSVP")).click()
    expect(page.locator("h1")).to_have_text(translated(CODE, "Your RSVP is cancelled"))
    assert Action.objects.get(pk=action.pk).state == Action.State.INVALIDATED
    page.goto(event.url)
    expect(page.locator(".event-places")).to_contain_text(str(left))

    page.goto(event.get_parent().url)
    expect(page.locator("#upcoming-heading")).to_be_visible()
    expect(page.locator(".event-item__title a").first).to_have_text(event.title)
    violations = run_axe(page)
    assert violations == [], describe(violations)
