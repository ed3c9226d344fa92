"""Keep flagging bots, stop flagging people: a room of people behind one address, some with
autofill, all count once they confirm; honeypots and floods stay held, and the person is
never told "counted" while their action is not."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import timezone, translation

from chorus.actions import anti_abuse, counters
from chorus.actions.forms import new_form_token
from chorus.actions.models import Action, ActionLog, TrendReport
from chorus.actions.tasks import delete_old_trend_reports_task
from chorus.core.crypto import server_decrypt
from chorus.core.scheduler import SCHEDULE
from chorus.delivery.models import Outbox

from .helpers import petition_data

pytestmark = pytest.mark.django_db

WORKSHOP_WIFI = "203.0.113.50"
COUNTED = "Your signature is confirmed and counts in full."
HELD = "Your email address is confirmed. Your action is waiting for a check by our team before it counts."


def in_thai(message: str) -> str:
    with translation.override("th"):
        return translation.gettext(message)


def sign_from(client: Client, campaign, address: str, **overrides) -> None:
    response = client.post(campaign.url + "sign/", petition_data(**overrides), REMOTE_ADDR=address)
    assert response.status_code == 302


def confirm_through_the_mail(client: Client, action: Action, address: str) -> str:
    """Open the link in the action's confirmation mail, press the button; the page's words."""
    mail = Outbox.objects.filter(action=action, kind="confirmation").earliest("pk")
    link = re.search(r"(/[a-z-]+/confirm/\?token=\S+)", server_decrypt(mail.payload)["body"])
    assert link is not None
    path = "/th" + link.group(1)[link.group(1).index("/confirm/") :]  # read in Thai
    response = client.post(path, REMOTE_ADDR=address)
    assert response.status_code == 200
    page = BeautifulSoup(response.content.decode(), "html.parser")
    return page.select_one("main").get_text(" ", strip=True)


def test_a_workshop_on_one_wifi_counts_everyone_once_they_confirm(campaign, org_key) -> None:
    """Twenty people on one address sign within two minutes, every third with autofill speed."""
    started = time.monotonic()
    clients = []
    for n in range(20):
        client = Client()
        fill = 1.6 if n % 3 == 0 else 25.0  # autofill, or typing it in
        sign_from(
            client,
            campaign,
            WORKSHOP_WIFI,
            email=f"participant{n}@example.org",
            form_token=new_form_token(started_at=time.time() - fill),
        )
        clients.append(client)
    # However slow the machine, all of them fell within one busy-address window (the premise).
    assert time.monotonic() - started < anti_abuse.BUSY_ADDRESS_LIMIT[0]

    actions = list(Action.objects.order_by("pk"))
    assert len(actions) == 20
    autofilled = [a for n, a in enumerate(actions) if n % 3 == 0]
    # Only the autofilled ones wait (for their email); nobody is held for sharing an address.
    assert {a.state for a in autofilled} == {Action.State.FLAGGED}
    assert {a.flag_reason for a in autofilled} == {anti_abuse.FAST_FILL}
    assert Action.objects.filter(state=Action.State.PENDING).count() == 20 - len(autofilled)
    assert counters.read(campaign.pk) == counters.Counts(confirmed=0, unconfirmed=20 - len(autofilled))

    for client, action in zip(clients, actions, strict=True):
        words = confirm_through_the_mail(client, action, WORKSHOP_WIFI)
        assert in_thai(COUNTED) in words and in_thai(HELD) not in words

    assert set(Action.objects.values_list("state", "flag_reason")) == {(Action.State.CONFIRMED, "")}
    assert counters.read(campaign.pk) == counters.Counts(confirmed=20, unconfirmed=0)
    assert counters.reconcile_counts(campaign.pk) == counters.Counts(confirmed=20, unconfirmed=0)
    for action in autofilled:
        assert ActionLog.objects.filter(action=action, event="unflagged", actor=None).exists()

    # Staff hear of the room (one address, one domain), and nothing about the address is kept.
    reports = {report.source: report for report in TrendReport.objects.filter(page_id=campaign.pk)}
    assert set(reports) == {"address", "domain"}
    assert reports["address"].domain == "" and reports["address"].actions >= 20
    assert reports["domain"].domain == "example.org"


def test_a_honeypot_stays_held_after_its_email_is_confirmed_and_the_page_says_so(campaign, org_key) -> None:
    client = Client()
    sign_from(client, campaign, "198.51.100.4", website="https://cheap-pills.example")
    action = Action.objects.get()
    assert (action.state, action.flag_reason) == (Action.State.FLAGGED, anti_abuse.HONEYPOT)

    words = confirm_through_the_mail(client, action, "198.51.100.4")
    assert in_thai(HELD) in words and in_thai(COUNTED) not in words
    action.refresh_from_db()
    assert action.state == Action.State.FLAGGED and action.confirmed_at is not None
    assert counters.read(campaign.pk).total == 0


def test_hundreds_from_one_address_are_held_and_only_a_confirmed_email_clears_the_middle(
    campaign, org_key
) -> None:
    client = Client()
    for n in range(310):
        sign_from(client, campaign, "192.0.2.200", email=f"bot{n}@example.net")
    reasons = list(Action.objects.order_by("pk").values_list("flag_reason", flat=True))
    _busy_window, busy_allowed = anti_abuse.BUSY_ADDRESS_LIMIT
    _flood_window, flood_allowed = anti_abuse.ADDRESS_FLOOD_LIMIT
    assert reasons[:busy_allowed] == [""] * busy_allowed  # a room of a hundred: untouched
    assert set(reasons[busy_allowed:flood_allowed]) == {anti_abuse.BUSY_ADDRESS}
    assert set(reasons[flood_allowed:]) == {anti_abuse.ADDRESS_FLOOD}
    assert counters.read(campaign.pk).total == busy_allowed

    actions = list(Action.objects.order_by("pk"))
    busy, flood = actions[busy_allowed], actions[flood_allowed]
    assert in_thai(COUNTED) in confirm_through_the_mail(client, busy, "192.0.2.200")
    assert in_thai(HELD) in confirm_through_the_mail(client, flood, "192.0.2.200")
    busy.refresh_from_db()
    flood.refresh_from_db()
    assert busy.state == Action.State.CONFIRMED
    assert flood.state == Action.State.FLAGGED
    assert counters.read(campaign.pk) == counters.Counts(confirmed=1, unconfirmed=busy_allowed)
    assert TrendReport.objects.filter(page_id=campaign.pk, source="address").count() == 1


def test_the_busy_address_window_slides_rather_than_resetting() -> None:
    # Ten just before a window boundary and ten just after are twenty in the last minute.
    start = 6000.0 * 60 - 1
    for n in range(20):
        count = anti_abuse.sliding_count("test-scope", 60, now=start + n * 0.1)
    assert count == pytest.approx(20, abs=0.5)
    # A full window later the burst has gone.
    assert anti_abuse.sliding_count("test-scope", 60, now=start + 121) == 1


def test_trend_reports_are_deleted_after_thirty_days(campaign) -> None:
    now = timezone.now()
    for age in (31, 29):
        TrendReport.objects.create(
            page_id=campaign.pk,
            source="address",
            actions=20,
            total=20,
            last_seen_at=now - timedelta(days=age),
        )
    assert "chorus.actions.tasks.delete_old_trend_reports_task" in {job.task for job in SCHEDULE}
    assert delete_old_trend_reports_task.call() == 1
    assert list(TrendReport.objects.values_list("actions", flat=True)) == [20]
    assert TrendReport.objects.get().last_seen_at > now - timedelta(days=30)
