"""Cancelling an RSVP: the link in the mail and on the thank-you page, a button, the place freed."""

from __future__ import annotations

import datetime
import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import timezone, translation

from chorus.actions.models import Action
from chorus.events.models import EventPage

from .conftest import rsvp, translation_of

pytestmark = pytest.mark.django_db


def soup(response: Any) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def places(event: EventPage) -> int | None:
    return EventPage.objects.get(pk=event.pk).places_left()


def heading(response: Any) -> str:
    return soup(response).select_one("main h1").get_text(strip=True)


def in_thai(message: str) -> str:
    with translation.override("th"):
        return translation.gettext(message)


def local(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def test_the_link_in_the_mail_frees_the_place_only_when_the_button_is_pressed(
    demo_events, org_key, smtp_server: Any, django_capture_on_commit_callbacks: Any
) -> None:
    event = demo_events["upcoming"]
    EventPage.objects.filter(translation_key=event.translation_key).update(capacity=1)
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        assert rsvp(client, event, "th", email="malee.cancel@example.org").status_code == 302
    assert places(event) == 0

    (mail,) = smtp_server.handler.delivered
    body = mail.message.get_body(preferencelist=("plain",)).get_content()
    found = re.search(r"https?://\S+/cancel/\?token=\S+", body)
    assert found is not None
    url = local(found.group(0))
    assert url.startswith(translation_of(event, "th").url)  # the Thai page, like the mail

    shown = client.get(url)  # a link scanner, or the person reading first
    assert shown.status_code == 200
    assert heading(shown) == in_thai("Cancel your RSVP") != "Cancel your RSVP"
    assert shown["Referrer-Policy"] == "same-origin"
    assert Action.objects.get(page_id=event.pk).state == Action.State.PENDING
    assert places(event) == 0

    pressed = Client(enforce_csrf_checks=False).post(url)
    assert pressed.status_code == 200
    assert heading(pressed) == in_thai("Your RSVP is cancelled")
    assert Action.objects.get(page_id=event.pk).state == Action.State.INVALIDATED
    assert places(event) == 1

    again = Client().post(url)
    assert heading(again) == in_thai("Your RSVP was already cancelled")
    assert places(event) == 1

    # The freed place can be taken again — by the same person too, if they change their mind.
    back = rsvp(Client(), event, "th", email="malee.cancel@example.org")
    assert back.status_code == 302 and "already" not in back["Location"]
    assert places(event) == 0
    assert Action.objects.filter(page_id=event.pk, state=Action.State.PENDING).count() == 1


def test_without_an_email_the_thank_you_page_carries_the_link(demo_events, org_key) -> None:
    event = demo_events["upcoming"]
    client = Client()
    response = rsvp(client, event, "ko", email="")
    thanks = client.get(response["Location"])
    link = soup(thanks).select_one(".event-cancel-link a")
    assert link is not None
    taken = Action.objects.get(page_id=event.pk)
    assert client.post(link["href"]).status_code == 200
    taken.refresh_from_db()
    assert taken.state == Action.State.INVALIDATED


@pytest.mark.parametrize("how", ["forged", "other event", "missing"])
def test_a_bad_link_gets_a_clear_message_and_changes_nothing(demo_events, org_key, how: str) -> None:
    event, past = demo_events["upcoming"], demo_events["past"]
    client = Client()
    thanks = client.get(rsvp(client, event, "th")["Location"])
    href = soup(thanks).select_one(".event-cancel-link a")["href"]
    token = href.split("token=", 1)[1]
    url = {
        "forged": href[:-4] + "abcd",
        "other event": translation_of(past, "th").url + "cancel/?token=" + token,
        "missing": translation_of(event, "th").url + "cancel/",
    }[how]
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        assert response.status_code == 400
        assert (
            in_thai("This link does not work. Please use the link from your RSVP email.")
            in soup(response).get_text()
        )
    assert Action.objects.get(page_id=event.pk).state == Action.State.PENDING


def test_after_the_start_the_rsvp_stays(demo_events, org_key) -> None:
    event = demo_events["upcoming"]
    client = Client()
    href = soup(client.get(rsvp(client, event, "en")["Location"])).select_one(".event-cancel-link a")["href"]
    EventPage.objects.filter(translation_key=event.translation_key).update(
        starts_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    response = client.post(href)
    assert response.status_code == 400
    assert "already started" in soup(response).get_text()
    assert Action.objects.get(page_id=event.pk).state == Action.State.PENDING
