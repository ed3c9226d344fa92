"""Twelve people pressing "RSVP" at once for three places: three get them.

The protection is the row lock `record_rsvp` takes on the event (`select_for_update`) before it
counts the places taken. The canary makes that one `select_for_update` a plain read and sees
more RSVPs through than there are places.
"""

from __future__ import annotations

import datetime

import pytest
from django.db.models import QuerySet
from django.test import Client
from django.utils import timezone

from chorus.actions.models import Action
from chorus.events.models import EventIndexPage, EventPage
from tests.concurrency import LOCKED, collide, rounds

from .conftest import rsvp_data

PEOPLE = 12
PLACES = 3


@pytest.fixture
def without_the_event_lock(monkeypatch: pytest.MonkeyPatch) -> None:
    """`select_for_update` on an event page returns the queryset unchanged; on anything else it locks."""
    lock = QuerySet.select_for_update

    def select_for_update(queryset: QuerySet, *args: object, **kwargs: object) -> QuerySet:
        return queryset if queryset.model is EventPage else lock(queryset, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "select_for_update", select_for_update)


def new_event(index: EventIndexPage, number: int) -> EventPage:
    event = EventPage(
        title=f"Vigil {number}",
        slug=f"vigil-{number}",
        starts_at=timezone.now() + datetime.timedelta(days=7),
        capacity=PLACES,
        time_zone="Asia/Bangkok",
    )
    index.add_child(instance=event)
    event.save_revision().publish()
    return event


@LOCKED
@pytest.mark.django_db(transaction=True)
def test_concurrent_rsvps_never_overshoot_the_capacity(
    request: pytest.FixtureRequest, locked: bool, light_campaign, org_key
) -> None:
    home = light_campaign.get_parent()
    index = EventIndexPage(title="Days of action", slug="days-of-action")
    home.add_child(instance=index)
    index.save_revision().publish()
    if not locked:
        request.getfixturevalue("without_the_event_lock")

    for number in rounds(locked):
        event = new_event(index, number)
        url = event.url + "rsvp/"

        def answer(n: int, url: str = url, number: int = number) -> int:
            data = rsvp_data(name=f"Person {n}")  # each its own form: separate RSVPs
            return Client().post(url, data, REMOTE_ADDR=f"198.51.{number}.{n}").status_code

        collision = collide(PEOPLE, answer)
        assert not collision.errors, collision.errors
        taken = Action.objects.filter(page_id=event.pk, kind=Action.Kind.RSVP).count()
        if taken > PLACES:
            break

    if not locked:
        assert taken > PLACES, "the canary never saw the race: this test cannot tell a lock from none"
        return
    assert sorted(collision.results) == [200] * (PEOPLE - PLACES) + [302] * PLACES
    assert taken == PLACES
