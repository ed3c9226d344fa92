"""Hourly rollups follow every action through its states, in the action's transaction, and the
reconciliation makes them exact again from the action rows."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from chorus.actions import counters, services
from chorus.actions.models import Action, ActionRollup
from chorus.actions.tokens import confirm_token
from tests.actions.helpers import sign

from .helpers import any_sums, bulk_actions, rollup_sums

pytestmark = pytest.mark.django_db


def test_an_action_is_counted_in_its_hour_day_and_all_time(campaign, org_key) -> None:
    sign(Client(), campaign, language="th")
    action = Action.objects.get()
    hour = counters.hour_of(action.created_at)
    rows = {row.period: row for row in ActionRollup.objects.filter(page_id=campaign.pk).exclude(language="*")}
    assert set(rows) == {"h", "d", "a"}
    assert rows["h"].start == hour
    assert rows["d"].start == counters.day_of(hour)
    assert all(
        (row.language, row.country, row.state, row.n) == ("th", "TH", "pending", 1) for row in rows.values()
    )


def test_confirming_flagging_and_invalidating_move_the_count_between_states(campaign, org_key) -> None:
    sign(Client(), campaign, language="th")
    sign(Client(), campaign, language="en", email="second@example.org", country="AU")
    first, second = Action.objects.order_by("pk")
    services.confirm_action(confirm_token(first))
    assert rollup_sums(campaign.pk) == {("th", "TH", "confirmed"): 1, ("en", "AU", "pending"): 1}

    services.flag_action(second.pk, "checked by hand")
    assert rollup_sums(campaign.pk) == {("th", "TH", "confirmed"): 1, ("en", "AU", "flagged"): 1}
    services.unflag_action(second.pk)
    assert rollup_sums(campaign.pk) == {("th", "TH", "confirmed"): 1, ("en", "AU", "pending"): 1}
    services.invalidate_action(first.pk)
    assert rollup_sums(campaign.pk) == {("th", "TH", "invalidated"): 1, ("en", "AU", "pending"): 1}
    # The hour and day rows moved with the all-time ones.
    assert rollup_sums(campaign.pk, "h") == rollup_sums(campaign.pk, "d") == rollup_sums(campaign.pk)
    assert any_sums(campaign.pk, "h") == any_sums(campaign.pk, "d") == {"pending": 1, "invalidated": 1}


def test_a_bot_is_counted_as_flagged_from_the_start(campaign, org_key) -> None:
    sign(Client(), campaign, website="bot was here")
    assert rollup_sums(campaign.pk) == {("th", "TH", "flagged"): 1}


def test_reconciliation_rewrites_recent_hours_from_the_action_rows(campaign, org_key) -> None:
    for n in range(3):
        sign(Client(), campaign, email=f"person{n}@example.org")
    # Lost writes and a stray count: what a bug or a hand edit could leave.
    ActionRollup.objects.filter(page_id=campaign.pk).update(n=7)
    action = Action.objects.first()
    assert action is not None
    stray = (counters.hour_of(action.created_at), "ko", "KR", "confirmed")
    counters._bump(campaign.pk, stray, 2)
    assert counters.reconcile_rollups() >= 1
    # Hour, day and all-time rows get the same corrections.
    for period in "hda":
        assert rollup_sums(campaign.pk, period) == {("th", "TH", "pending"): 3}
    assert any_sums(campaign.pk, "h") == any_sums(campaign.pk, "d") == {"pending": 3}
    counters.reconcile_rollups()  # exact now: nothing changes
    assert rollup_sums(campaign.pk) == {("th", "TH", "pending"): 3}


def test_reconciliation_finds_an_old_hour_whose_action_changed_recently(campaign, org_key) -> None:
    sign(Client(), campaign)
    action = Action.objects.get()
    old = timezone.now() - datetime.timedelta(days=20)
    Action.objects.filter(pk=action.pk).update(created_at=old)
    counters.rebuild_rollups(campaign.pk)
    # A change written past the rollups (as an old bug might have): only its log entry is new.
    Action.objects.filter(pk=action.pk).update(state=Action.State.INVALIDATED)
    services.flag_action(action.pk, "recent change")  # logs now; rolls invalidated → flagged
    ActionRollup.objects.filter(page_id=campaign.pk, state="invalidated").delete()
    counters.reconcile_rollups()
    assert rollup_sums(campaign.pk) == {("th", "TH", "flagged"): 1}
    hour_row = ActionRollup.objects.get(page_id=campaign.pk, period="h", state="flagged", language="th")
    assert hour_row.start == counters.hour_of(old)


def test_rebuilding_gives_what_the_writes_kept(campaign, org_key) -> None:
    for n in range(4):
        sign(Client(), campaign, email=f"p{n}@example.org", language=["th", "en"][n % 2])
    services.confirm_action(confirm_token(Action.objects.order_by("pk").first()))
    kept = {period: (rollup_sums(campaign.pk, period), any_sums(campaign.pk, period)) for period in "hda"}
    counters.rebuild_rollups(campaign.pk)
    assert {
        period: (rollup_sums(campaign.pk, period), any_sums(campaign.pk, period)) for period in "hda"
    } == kept


def test_rollup_rows_stay_few_however_many_actions(campaign) -> None:
    bulk_actions(campaign, 3000, days=30)
    all_time = ActionRollup.objects.filter(page_id=campaign.pk, period="a").count()
    assert all_time <= 6 * 6 * 4  # languages × countries × states, not actions
    assert sum(rollup_sums(campaign.pk).values()) == 3000
