"""Staff review flagged actions and pause intake in the Wagtail admin."""

from __future__ import annotations

import time

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import translation

from chorus.actions import anti_abuse, counters
from chorus.actions.forms import new_form_token
from chorus.actions.models import Action, ActionLog
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
    page = BeautifulSoup(listing.content.decode(), "html.parser")
    row = page.select_one(f'tr[data-action-id="{action.pk}"]')
    assert row is not None and row["data-reason"] == "honeypot"
    assert "hidden field" in row.get_text(" ")  # the reason in words, not a code
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


def flag_some(campaign, *, bots: int, fast: int) -> tuple[list[Action], list[Action]]:
    """`bots` honeypot submissions (held) and `fast` autofill-speed ones (waiting for their email)."""
    for n in range(bots):
        sign(Client(), campaign, email=f"bot{n}@example.net", website="spam")
    for n in range(fast):
        sign(Client(), campaign, email=f"quick{n}@example.org", form_token=new_form_token(time.time() - 1.5))
    held = list(Action.objects.filter(flag_reason="honeypot").order_by("pk"))
    waiting = list(Action.objects.filter(flag_reason="fast_fill").order_by("pk"))
    return held, waiting


def test_the_intake_page_counts_flagged_actions_per_campaign(staff_client: Client, campaign, org_key) -> None:
    flag_some(campaign, bots=2, fast=3)
    sign(Client(), campaign, email="person@example.org")
    page = BeautifulSoup(staff_client.get("/admin/actions/").content.decode(), "html.parser")
    cell = page.select_one("td.intake__flagged")
    assert cell is not None
    text = " ".join(cell.get_text(" ").split())
    assert text.startswith("5 ")
    assert "2 waiting for your check" in text and "3 waiting for an email confirmation" in text
    assert cell.a is not None and cell.a["href"].endswith(f"?page={campaign.pk}")


def test_staff_count_many_flagged_actions_in_one_go(staff_client: Client, campaign, org_key) -> None:
    held, waiting = flag_some(campaign, bots=3, fast=2)
    chosen = [held[0], held[1], waiting[0]]
    response = staff_client.post(
        "/admin/actions/flagged/selected/",
        {"decision": "count", "action": [a.pk for a in chosen], "page": campaign.pk},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == f"/admin/actions/flagged/?page={campaign.pk}"
    assert "3 actions now count." in response.content.decode()
    assert set(Action.objects.filter(pk__in=[a.pk for a in chosen]).values_list("state", flat=True)) == {
        Action.State.PENDING
    }
    assert Action.objects.filter(state=Action.State.FLAGGED).count() == 2
    assert counters.read(campaign.pk).total == 3
    assert ActionLog.objects.filter(event="unflagged", actor__isnull=False).count() == 3


def test_staff_invalidate_many_flagged_actions_in_one_go(staff_client: Client, campaign, org_key) -> None:
    held, _waiting = flag_some(campaign, bots=3, fast=0)
    staff_client.post(
        "/admin/actions/flagged/selected/", {"decision": "invalidate", "action": [a.pk for a in held]}
    )
    assert set(Action.objects.values_list("state", flat=True)) == {Action.State.INVALIDATED}
    assert counters.read(campaign.pk).total == 0


@pytest.mark.parametrize(
    "data",
    [
        {"decision": "count"},
        {"decision": "count", "action": ["x", ""]},
        {"decision": "shred", "action": ["1"]},
    ],
)
def test_a_bulk_review_without_a_choice_changes_nothing(
    staff_client: Client, campaign, org_key, data
) -> None:
    held, _waiting = flag_some(campaign, bots=1, fast=0)
    data = {**data, "action": [str(held[0].pk) if v == "1" else v for v in data.get("action", [])]}
    response = staff_client.post("/admin/actions/flagged/selected/", data, follow=True)
    assert response.status_code == 200
    assert response.context["messages"] and all(m.level_tag == "error" for m in response.context["messages"])
    assert Action.objects.get().state == Action.State.FLAGGED


def test_the_reasons_are_in_the_staff_members_language(staff_client: Client, campaign, org_key) -> None:
    flag_some(campaign, bots=1, fast=1)
    for code in ("th", "km", "zh-hans"):
        with translation.override(code):
            expected = {
                str(anti_abuse.reason_label("honeypot")),
                str(anti_abuse.reason_label("fast_fill")),
            }
        response = staff_client.get("/admin/actions/flagged/", HTTP_ACCEPT_LANGUAGE=code)
        staff_client.cookies.pop("django_language", None)
        cells = {
            row.select("td")[3].get_text(strip=True)
            for row in BeautifulSoup(response.content.decode(), "html.parser").select("tr[data-action-id]")
        }
        assert cells == expected, code
        assert not {"honeypot", "fast_fill"} & cells


def test_trend_reports_are_shown_to_staff(staff_client: Client, campaign, org_key) -> None:
    for n in range(anti_abuse.TREND_MIN_ACTIONS):
        sign(Client(), campaign, email=f"member{n}@riverlight.example")
    page = BeautifulSoup(staff_client.get("/admin/actions/").content.decode(), "html.parser")
    rows = [" ".join(row.get_text(" ").split()) for row in page.select("table.trend-reports tbody tr")]
    assert any("One internet address" in row and "20 of 20" in row for row in rows), rows
    for n in range(5):  # the report follows the trend as it grows (each tenth more)
        sign(Client(), campaign, email=f"late{n}@riverlight.example")
    page = BeautifulSoup(staff_client.get("/admin/actions/").content.decode(), "html.parser")
    rows = [" ".join(row.get_text(" ").split()) for row in page.select("table.trend-reports tbody tr")]
    assert any("One internet address" in row and "25 of 25" in row for row in rows), rows
    assert len(rows) == 2, rows
    assert any("riverlight.example" in row for row in rows), rows
    assert "203.0.113.7" not in page.get_text()
