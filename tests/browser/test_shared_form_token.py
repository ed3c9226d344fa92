"""Two people, one form token, in two Chromium contexts, for every kind of action.

A page served from a shared cache (ours, or a reverse proxy's microcache) hands every visitor
the same HTML, and so the same signed form token. Script takes a fresh one when a visitor starts
filling in the form, but a browser without script sends the one from the cache. Here the second
person's page is given the first person's token after that, as such a cache would; both fill in their own details and send. Each must see
the thank-you page, and each must have an action of their own: a thank-you page over an
action that was never stored (the second person answered as a replay of the first) is the
failure this guards against.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from wagtail.models import Locale

from chorus.actions.models import Action
from chorus.events.demo import load_demo_events
from chorus.events.models import EventPage
from chorus.jointletters.demo import load_demo_joint_letter
from chorus.letters.demo import load_demo_letter_campaign
from chorus.news.models import HomePage
from chorus.petitions.demo import load_demo_campaign

from .conftest import translated

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("browser")]

CODE = "en"


def _petition(page: Page, person: dict[str, str]) -> None:
    form = page.locator("form.action-form")
    form.locator("input[name=name]").fill(person["name"])
    form.locator("input[name=email]").fill(person["email"])
    form.locator("input[name=consent]").check()
    form.get_by_role("button", name=translated(CODE, "Sign")).click()


def _letters(page: Page, person: dict[str, str]) -> None:
    form = page.locator("form#letter-form")
    form.locator("input[name=name]").fill(person["name"])
    form.locator("input[name=city]").fill(person["city"])
    form.locator("input[name=email]").fill(person["email"])
    form.locator("input[name=consent]").check()
    page.get_by_role("button", name=translated(CODE, "Preview my letter")).click()
    page.get_by_role("button", name=translated(CODE, "This is right: get my letter")).click()


def _joint_letter(page: Page, person: dict[str, str]) -> None:
    form = page.locator("form.action-form")
    form.locator("input[name=org_name]").fill(f"{person['name']}'s collective")
    form.locator("select[name=org_type]").select_option(index=1)
    form.locator("select[name=org_country]").select_option("TH")
    form.locator("input[name=contact_name]").fill(person["name"])
    form.locator("input[name=contact_email]").fill(person["email"])
    form.locator("input[name=consent]").check()
    form.get_by_role("button", name=translated(CODE, "Co-sign the letter")).click()


def _rsvp(page: Page, person: dict[str, str]) -> None:
    form = page.locator("form.action-form")
    form.locator("input[name=name]").fill(person["name"])
    form.locator("input[name=email]").fill(person["email"])
    form.locator("input[name=consent]").check()
    form.get_by_role("button", name=translated(CODE, "RSVP")).click()


def take_fresh_token(page: Page) -> None:
    """Move into the form, as a person starting to fill it in, and wait for the fresh token
    that live.js then takes, so that the token set afterwards is the one sent."""
    token = page.locator("form[data-token-url] input[name=form_token]")
    before = token.input_value()
    page.locator(
        "form[data-token-url] input[name=email], form[data-token-url] input[name=contact_email]"
    ).first.focus()
    expect(token).not_to_have_value(before)


def _demo_event(home: HomePage) -> EventPage:
    load_demo_events(home)
    return EventPage.objects.get(locale=Locale.get_default(), slug="rights-not-rescue-embassy")


@dataclass(frozen=True)
class Kind:
    name: str
    load: Callable[[HomePage], Any]  # the demo's page of this kind
    fill_and_send: Callable[[Page, dict[str, str]], None]
    thanks: str  # the heading each person must see afterwards


KINDS = (
    Kind("petition", load_demo_campaign, _petition, "Thank you"),
    Kind("letters", load_demo_letter_campaign, _letters, "Thank you"),
    Kind("joint letter", load_demo_joint_letter, _joint_letter, "Thank you for co-signing"),
    Kind("day of action", _demo_event, _rsvp, "Thank you — see you there!"),
)

PEOPLE = (
    {"name": "Malee Srisuk", "city": "Chiang Mai", "email": "malee@example.org"},
    {"name": "Sokha Chan", "city": "Phnom Penh", "email": "sokha@example.net"},
)


@pytest.mark.parametrize("kind", KINDS, ids=[kind.name for kind in KINDS])
def test_two_people_sending_one_cached_form_token_get_two_actions(
    browser: Browser, live_server: Any, demo: dict[str, Any], org_key: Any, kind: Kind
) -> None:
    target = kind.load(HomePage.objects.get(locale=Locale.get_default()))
    before = Action.objects.filter(page_id=target.pk).count()
    url = f"{live_server.url}{target.url}"

    contexts = [browser.new_context(), browser.new_context()]
    try:
        first, second = (context.new_page() for context in contexts)
        for page in (first, second):
            page.goto(url)
            take_fresh_token(page)
        token = first.locator("input[name=form_token]").first.input_value()
        # What a shared cache does to a visitor whose browser runs no script (or whose token
        # request failed): the second visitor's page carries the first one's token.
        second.locator("input[name=form_token]").evaluate_all(
            "(fields, token) => fields.forEach(field => { field.value = token; })", token
        )
        first.wait_for_timeout(3500)  # a person's pace: the fill-time check flags instant submissions
        for page, person in zip((first, second), PEOPLE, strict=True):
            kind.fill_and_send(page, person)
            expect(page.locator("h1")).to_have_text(re.compile(re.escape(translated(CODE, kind.thanks))))
    finally:
        for context in contexts:
            context.close()

    actions = Action.objects.filter(page_id=target.pk).order_by("pk")[before:]
    assert len(actions) == 2
    assert len({action.supporter_id for action in actions}) == 2
    assert all(action.state != Action.State.FLAGGED for action in actions)
