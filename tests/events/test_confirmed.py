"""Confirming an RSVP: the page says the place is confirmed and leads back to the event."""

from __future__ import annotations

from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import translation

from chorus.actions.models import Action
from chorus.actions.tokens import confirm_token

from .conftest import rsvp, translation_of

pytestmark = pytest.mark.django_db


def test_a_confirmed_rsvp_is_told_its_place_is_confirmed_and_led_back_to_the_event(
    client: Client, demo_events: dict[str, Any], org_key: Any
) -> None:
    event = demo_events["upcoming"]
    assert rsvp(client, event, "th", email="malee.s@example.org").status_code == 302
    action = Action.objects.get()
    response = client.post(f"/th/confirm/?token={confirm_token(action)}")
    assert response.status_code == 200
    page = BeautifulSoup(response.content.decode(), "html.parser")
    with translation.override("th"):
        outcome = translation.gettext("Your place is confirmed. See you there!")
    assert page.select_one(".confirmed-outcome").get_text(strip=True) == outcome
    thai = translation_of(event, "th")
    assert thai.url in [str(link["href"]) for link in page.select("main a")]
    assert Action.objects.get().state == Action.State.CONFIRMED
