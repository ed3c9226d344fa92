"""The RSVP confirmation mail carries the event's calendar file, in the RSVP's language, through
the outbox (encrypted there, wiped once sent) to a real SMTP server."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from icalendar import Calendar

from chorus.actions.models import Action
from chorus.delivery.models import Outbox
from tests.delivery.helpers import raw_row

from .conftest import rsvp, translation_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["km", "zh-hant"])
def test_the_rsvp_mail_has_the_calendar_file_in_the_rsvp_language(
    language: str, demo_events, org_key, smtp_server: Any, django_capture_on_commit_callbacks: Any, settings
) -> None:
    settings.CHORUS_BASE_URL = "https://campaign.example.org"
    event = demo_events["upcoming"]
    shown = translation_of(event, language)
    with django_capture_on_commit_callbacks(execute=True):
        assert rsvp(Client(), event, language, email="sokha.rsvp@example.org").status_code == 302

    (mail,) = smtp_server.handler.delivered
    (attachment,) = list(mail.message.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_filename() == f"{shown.slug}.ics"
    calendar = Calendar.from_ical(attachment.get_content())
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == shown.title != event.title
    assert str(vevent["URL"]) == f"https://campaign.example.org{shown.url}"
    assert vevent.decoded("DTSTART") == event.starts_at
    assert calendar.walk("VTIMEZONE"), "a TZID needs its VTIMEZONE"
    body = mail.message.get_body(preferencelist=("plain",)).get_content()
    assert ".ics" in body

    # Sent: the outbox row keeps no payload, attachment included.
    row = Outbox.objects.get(action=Action.objects.get(page_id=event.pk))
    assert row.state == Outbox.State.SENT and row.payload is None
    assert shown.title not in raw_row(row.pk)
