"""Exact query budget of the confirmation button (the POST that confirms an action).

Exact, not "at most": a statement more is a regression to look at, one less a budget to lower.
How the steady state is warmed: tests/budgets.py. The intake of each kind has its budget beside
that kind's tests (tests/{petitions,campaigns,jointletters,events}/test_query_budgets.py).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from chorus.actions.models import Action
from chorus.actions.tokens import confirm_token
from tests.budgets import warm_counters, within_one_hour

from .helpers import sign

pytestmark = pytest.mark.django_db


def test_confirming_costs_exactly_its_budget(
    campaign: Any, org_key: Any, django_assert_num_queries: Any
) -> None:
    within_one_hour()
    warm_counters(campaign.pk)
    for email in ("warm@example.org", "budget@example.org"):
        sign(Client(), campaign, email=email)
    warm, measured = Action.objects.order_by("pk")
    Client().post(f"/th/confirm/?token={confirm_token(warm)}")  # caches, this hour's confirmed rollups
    # 17: the action by its token; a savepoint, the action locked, counter shards (unconfirmed
    # down, confirmed up), rollups (pending down, confirmed up), the action's state, action log,
    # the release; the confirmed page: campaign, locale, page, site, menu (menu items, pages,
    # view restrictions).
    with django_assert_num_queries(17):
        response = Client().post(f"/th/confirm/?token={confirm_token(measured)}")
    assert response.status_code == 200
    measured.refresh_from_db()
    assert measured.state == Action.State.CONFIRMED
