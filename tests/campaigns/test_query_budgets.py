"""Exact query budget of a letter campaign's hot path: a letter written and sent.

Exact, not "at most": a statement more is a regression to look at, one less a budget to lower.
How the steady state is warmed: tests/budgets.py.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from chorus.actions.models import Action
from chorus.campaigns.models import CampaignPage
from tests.budgets import warm_counters, within_one_hour

from .helpers import write

pytestmark = pytest.mark.django_db


def test_a_letter_costs_exactly_its_budget(
    letter_campaign: CampaignPage, org_key: Any, django_assert_num_queries: Any
) -> None:
    within_one_hour()
    warm_counters(letter_campaign.pk)
    warm = {"language": "km", "email": "warm@example.org", "consent": "on"}
    write(Client(), letter_campaign, "send", **warm)  # caches; this hour's rollups
    # 33: routing the page (11); the campaign, targets, locale and target translations, page and
    # site (6: once per request, and at /act/ once per process); the counts; locale, delivery
    # records, site; record_action's one transaction (its BEGIN and COMMIT are the SAVEPOINT and
    # RELEASE here: supporter, action, counter shard, rollup, consent, outbox); the thank-you
    # page's menu (4).
    with django_assert_num_queries(33):
        response = write(
            Client(), letter_campaign, "send", language="km", email="budget@example.org", consent="on"
        )
    assert response.status_code == 200
    assert Action.objects.count() == 2
