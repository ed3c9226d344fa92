"""Exact query budget of an event's hot path: an RSVP.

Exact, not "at most": a statement more is a regression to look at, one less a budget to lower.
How the steady state is warmed: tests/budgets.py.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from chorus.actions.models import Action
from tests.budgets import warm_counters, within_one_hour

from .conftest import rsvp

pytestmark = pytest.mark.django_db


BUDGETS = {0: 22, 50: 25}


@pytest.mark.parametrize("capacity", BUDGETS, ids=["open", "limited"])
def test_an_rsvp_costs_exactly_its_budget(
    demo_events: dict[str, Any], org_key: Any, capacity: int, django_assert_num_queries: Any
) -> None:
    event = demo_events["upcoming"]
    type(event).objects.filter(translation_key=event.translation_key).update(capacity=capacity)
    event.refresh_from_db()
    within_one_hour()
    warm_counters(event.pk)
    rsvp(Client(), event, "th", name="Warm", email="warm@example.org")  # caches, this hour's rollups
    # open 22: routing the event (13: locales 2, pages, site, home, index, event, view restrictions,
    # translation key); record_action's one transaction (its BEGIN and COMMIT are the SAVEPOINT
    # and RELEASE here: supporter, action, counter, rollup, consent, the event's locale for the
    # mail (at /act/ the kept page has it), outbox). limited 25: first in that transaction
    # (`record_action(before=…)`), the event row locked, whether this very form already holds a
    # place, and the places taken.
    with django_assert_num_queries(BUDGETS[capacity]):
        response = rsvp(Client(), event, "th", name="Budget", email="budget@example.org")
    assert response.status_code == 302
    assert Action.objects.filter(page_id=event.pk).count() == 2
