"""Exact query budgets of a petition's hot paths: a signature, the campaign page, comment moderation.

Exact, not "at most": a statement more is a regression to look at, one less a budget to lower.
How the steady state is warmed: tests/budgets.py.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from wagtail.models import Locale

from chorus.actions.models import Action
from chorus.campaigns.models import CampaignPage
from chorus.petitions.signatures import PetitionSignature
from tests.budgets import warm_counters, within_one_hour

from .test_public import COMMENT, confirm, sign_in, url_in

pytestmark = pytest.mark.django_db


def test_a_signature_costs_exactly_its_budget(
    petition_page: CampaignPage, org_key: Any, django_assert_num_queries: Any
) -> None:
    within_one_hour()
    warm_counters(petition_page.action_page_id)
    sign_in(petition_page, email="warm@example.org")  # the key, pause and site caches; this hour's rollups
    # 20: routing the page and its translation (11: locales 2, pages 5, site, ancestors' aliases,
    # view restrictions, translation key); record_action's one transaction (its BEGIN and COMMIT
    # are the SAVEPOINT and RELEASE here): the supporter upserted, the action inserted unless the
    # form or the person acted already, counter shard, rollup, consent, outbox, the public part
    # of the signature. (The send task's row is in it too on the database task queue:
    # tests/kinds/test_contract.py counts it.)
    with django_assert_num_queries(20):
        response = sign_in(petition_page, email="budget@example.org", comment=COMMENT)
    assert response.status_code == 302
    assert Action.objects.count() == 2


def test_a_signature_at_the_plain_intake_url_skips_the_routing(
    petition_page: CampaignPage, org_key: Any, page_cache_on: None, django_assert_num_queries: Any
) -> None:
    within_one_hour()
    warm_counters(petition_page.action_page_id)
    chinese = petition_page.get_translation(Locale.objects.get(language_code="zh-hans"))
    url = f"/zh-hans/act/{chinese.pk}/"
    sign_in(petition_page, email="warm@example.org", url=url)  # the page kept in this process
    # 9: the 20 of the page's own address without Wagtail's routing (11).
    with django_assert_num_queries(9):
        response = sign_in(petition_page, email="budget@example.org", comment=COMMENT, url=url)
    assert response.status_code == 302
    assert response["Location"] == chinese.url + "thanks/"
    assert Action.objects.count() == 2


def test_the_campaign_page_costs_exactly_its_budget(
    petition_page: CampaignPage, org_key: Any, django_assert_num_queries: Any
) -> None:
    url = url_in(petition_page, "zh-hans")
    client = Client()
    client.get(url)  # Wagtail's site and locales, the counter cache
    # 18 (the page cache off, as for a signed-in visitor): routing (site, locale, pages 3, home,
    # petition, view restrictions, translation key), recent signers, approved comments, locale,
    # delivery records, menu (pages, menu items, pages, view restrictions), newsflashes; the
    # view-restriction check that lets the page cache keep it (ancestors' aliases, restrictions).
    with django_assert_num_queries(20):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("decision", ["approve_one", "reject_one"])
def test_moderating_a_comment_costs_exactly_its_budget(
    petition_page: CampaignPage,
    org_key: Any,
    staff_client: Client,
    decision: str,
    django_assert_num_queries: Any,
) -> None:
    within_one_hour()
    warm_counters(petition_page.action_page_id)
    for email in ("first@example.org", "second@example.org"):
        sign_in(petition_page, email=email, comment=COMMENT)
    for action in Action.objects.all():
        confirm(action)
    first, second = PetitionSignature.objects.order_by("pk")
    staff_client.post("/admin/petitions/comments/review/", {decision: first.pk})  # the session, permissions
    # 11: session, user, Wagtail user profile; a savepoint, the signature, its update, the page
    # titles for the log, the log entry's foreign keys checked (content type, user), the log
    # entry, the release.
    with django_assert_num_queries(11):
        response = staff_client.post("/admin/petitions/comments/review/", {decision: second.pk})
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.pending_comment is None
