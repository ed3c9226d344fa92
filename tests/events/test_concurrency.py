"""Twelve people pressing "RSVP" at once for three places: three get them. (Without the row
lock in `record_rsvp`, PostgreSQL lets all twelve through: checked by removing it.)"""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from chorus.actions.models import Action
from chorus.events.models import EventIndexPage, EventPage

from .conftest import rsvp_data

PEOPLE = 12
PLACES = 3


@pytest.mark.django_db(transaction=True)
def test_concurrent_rsvps_never_overshoot_the_capacity(light_campaign, org_key) -> None:
    home = light_campaign.get_parent()
    index = EventIndexPage(title="Days of action", slug="days-of-action")
    home.add_child(instance=index)
    index.save_revision().publish()
    event = EventPage(
        title="Vigil",
        slug="vigil",
        starts_at=timezone.now() + datetime.timedelta(days=7),
        capacity=PLACES,
        time_zone="Asia/Bangkok",
    )
    index.add_child(instance=event)
    event.save_revision().publish()
    url = event.url + "rsvp/"
    barrier = threading.Barrier(PEOPLE)
    statuses: list[int] = []
    errors: list[BaseException] = []

    def answer(n: int) -> None:
        client = Client()
        data = rsvp_data(name=f"Person {n}")  # each its own form: separate RSVPs
        try:
            barrier.wait(timeout=30)
            statuses.append(client.post(url, data, REMOTE_ADDR=f"198.51.100.{n}").status_code)
        except BaseException as error:  # the test reports it below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=answer, args=(n,)) for n in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not errors, errors
    assert sorted(statuses) == [200] * (PEOPLE - PLACES) + [302] * PLACES
    assert Action.objects.filter(page_id=event.pk, kind=Action.Kind.RSVP).count() == PLACES
