from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from wagtail.models import Locale

from chorus.actions.forms import new_form_token
from chorus.events.models import EventPage
from tests.delivery.conftest import smtp_server  # noqa: F401  (a real SMTP server for RSVP mails)

UPCOMING = "rights-not-rescue-embassy"
PAST = "placard-making-day"


@pytest.fixture(scope="module")
def _events_for_module(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The demo events once per module (six translations take seconds), rolled back at its end."""
    from chorus.events.demo import load_demo_events
    from tests.helpers import default_home

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            load_demo_events(default_home())
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo_events(_events_for_module: None, db: None) -> dict[str, EventPage]:
    """The demo's upcoming day of action (no RSVPs: no organisation key at load) and past event."""
    default = Locale.get_default()
    return {
        "upcoming": EventPage.objects.get(locale=default, slug=UPCOMING),
        "past": EventPage.objects.get(locale=default, slug=PAST),
    }


def translation_of(page: EventPage, language: str) -> EventPage:
    return page.get_translation(Locale.objects.get(language_code=language)).specific


def rsvp_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        # A form shown ten seconds ago: a person's pace, not a bot's.
        "form_token": new_form_token(started_at=time.time() - 10),
        "name": "มาลี ศรีสุข",
        "email": "",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def rsvp(client: Client, event: EventPage, language: str = "th", **overrides: Any) -> Any:
    url = translation_of(event, language).url if language != event.locale.language_code else event.url
    return client.post(url + "rsvp/", rsvp_data(**overrides), REMOTE_ADDR="203.0.113.7")
