"""Staff review flagged actions and pause intake in the Wagtail admin."""

from __future__ import annotations

import pytest
from django.test import Client

from chorus.actions import counters
from chorus.actions.models import Action
from chorus.actions.services import is_paused
from tests.mfa import log_in_with_totp

from .helpers import sign

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(demo_accounts) -> Client:
    staff = demo_accounts["staff"]
    client = log_in_with_totp(Client(), staff)
    return client


def test_staff_count_a_flagged_action(staff_client: Client, campaign, org_key) -> None:
    sign(Client(), campaign, website="bot was here")
    action = Action.objects.get()
    listing = staff_client.get("/admin/actions/flagged/")
    assert listing.status_code == 200
    assert "honeypot" in listing.content.decode()
    assert counters.read(campaign.pk).total == 0

    response = staff_client.post(f"/admin/actions/flagged/{action.pk}/", {"decision": "count"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.state == Action.State.PENDING
    assert counters.read(campaign.pk).total == 1


def test_staff_invalidate_a_flagged_action(staff_client: Client, campaign, org_key) -> None:
    sign(Client(), campaign, website="bot was here")
    action = Action.objects.get()
    staff_client.post(f"/admin/actions/flagged/{action.pk}/", {"decision": "invalidate"})
    action.refresh_from_db()
    assert action.state == Action.State.INVALIDATED
    assert counters.read(campaign.pk).total == 0


def test_staff_pause_and_resume_intake(staff_client: Client, campaign, org_key) -> None:
    sign(Client(), campaign)
    overview = staff_client.get("/admin/actions/")
    assert overview.status_code == 200
    assert campaign.title in overview.content.decode()

    staff_client.post(f"/admin/actions/{campaign.pk}/pause/", {"paused": "1"})
    assert is_paused(campaign.pk)
    staff_client.post(f"/admin/actions/{campaign.pk}/pause/", {"paused": "0"})
    assert not is_paused(campaign.pk)


def test_members_cannot_reach_the_staff_views(demo_accounts) -> None:
    client = Client()
    client.force_login(demo_accounts["member"])
    assert client.get("/admin/actions/flagged/").status_code in {302, 403}
    assert client.post("/admin/actions/1/pause/", {"paused": "1"}).status_code in {302, 403}
