"""Exact query budgets of a joint letter's hot paths: a signature, and moderating one.

Exact, not "at most": a statement more is a regression to look at, one less a budget to lower.
How the steady state is warmed: tests/budgets.py.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from chorus.campaigns.models import CampaignPage
from chorus.jointletters.signatures import Signature
from tests.budgets import warm_counters, within_one_hour
from tests.mfa import log_in_with_totp

from .test_signon import confirm, org_data, post, sign

pytestmark = pytest.mark.django_db


def test_a_signature_costs_exactly_its_budget(
    letter_page: CampaignPage, django_assert_num_queries: Any
) -> None:
    within_one_hour()
    warm_counters(letter_page.pk)
    sign(letter_page, org_name="Warm", contact_email="warm@example.org")  # caches; this hour's rollups
    data = org_data(org_name="Budget Collective", contact_email="budget@example.org")
    # 20: routing the page (10); record_action's one transaction as for a petition (BEGIN and
    # COMMIT are the SAVEPOINT and RELEASE here: supporter, action, counter, rollup, consents in
    # one INSERT, the outbox), the page's locale for the mail (at /act/ the kept page has it),
    # and the signature.
    with django_assert_num_queries(20):
        response = post(letter_page, data)
    assert response.status_code == 302
    assert Signature.objects.count() == 2


@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_moderating_a_signature_costs_exactly_its_budget(
    letter_page: CampaignPage, demo_accounts: dict[str, Any], decision: str, django_assert_num_queries: Any
) -> None:
    within_one_hour()
    warm_counters(letter_page.pk)
    first = sign(letter_page, org_name="First", contact_email="first@example.org")
    second = sign(letter_page, org_name="Second", contact_email="second@example.org")
    confirm(first)
    confirm(second)
    client = log_in_with_totp(Client(), demo_accounts["staff"])
    review_url = f"/admin/jointletters/joint-letters/{letter_page.pk}/review/"

    def review(signature: Signature) -> Any:
        return client.post(
            review_url,
            {f"{decision}_one": str(signature.pk), f"reason_{signature.pk}": "Not an organisation"},
        )

    review(first)  # the session, permissions
    # 19: session, user, profile; the page (2), the chosen signature; a savepoint, the signature
    # locked and read with its action, the mail's page, locale and page, the outbox row, the
    # update; the page title for the log, its foreign keys checked (content type, user), the log
    # entry, the release.
    with django_assert_num_queries(19):
        response = review(second)
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.review == ("approved" if decision == "approve" else "rejected")
