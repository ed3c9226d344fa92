from __future__ import annotations

import pytest

from chorus.actions import counters
from chorus.actions.models import Action, ActionCount
from chorus.actions.services import ConsentGiven, Submission, confirm_action, flag_action, record_action
from chorus.actions.tokens import confirm_token

pytestmark = pytest.mark.django_db


def submit(page_id: int, n: int) -> Action:
    email = f"person{n}@example.org"
    return record_action(
        Submission(
            page_id=page_id,
            kind="petition",
            language="en",
            submission_key=f"key-{n}",
            details={"name": f"Person {n}", "email": email},
            email=email,
            consents=[ConsentGiven("action", "v1")],
        )
    ).action


def test_counts_match_the_rows_after_reconciliation(campaign, org_key) -> None:
    actions = [submit(campaign.pk, n) for n in range(40)]
    for action in actions[:25]:
        confirm_action(confirm_token(action))
    for action in actions[20:23]:
        flag_action(action.pk, "test")
    # Damage the shards as a crash between two writes could; reconciliation repairs them.
    ActionCount.objects.filter(page_id=campaign.pk).update(value=999)

    exact = counters.reconcile_counts(campaign.pk)
    confirmed = Action.objects.filter(page_id=campaign.pk, state="confirmed").count()
    pending = Action.objects.filter(page_id=campaign.pk, state="pending").count()
    assert (exact.confirmed, exact.unconfirmed) == (confirmed, pending) == (22, 15)
    assert counters.read(campaign.pk) == exact


def test_reading_a_count_costs_one_query_whatever_the_number_of_actions(
    campaign, org_key, django_assert_num_queries
) -> None:
    from django.core.cache import cache

    for n in range(60):
        submit(campaign.pk, n)
    cache.clear()
    with django_assert_num_queries(1):
        assert counters.read(campaign.pk).unconfirmed == 60
    with django_assert_num_queries(0):  # then from the cache
        counters.read(campaign.pk)
    assert ActionCount.objects.filter(page_id=campaign.pk).count() <= counters.SHARDS * 2
