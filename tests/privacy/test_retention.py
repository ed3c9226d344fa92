"""Retention: after `retain_until`, personal data goes and counts stay exactly as they were."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.apps import apps
from django.db import models
from django.tasks import TaskResultStatus
from django.utils import timezone
from nacl.public import PrivateKey

from chorus.actions import anti_abuse, counters
from chorus.actions.models import Action, ActionLog
from chorus.actions.services import ConsentGiven, Submission, confirm_action, record_action
from chorus.actions.tokens import confirm_token
from chorus.campaigns.models import CampaignPage
from chorus.core.crypto import blind_index
from chorus.delivery.models import Outbox
from chorus.delivery.services import deliver
from chorus.privacy.retention import PurgeReport, purge_expired
from chorus.privacy.services import request_data_link
from chorus.privacy.tasks import purge_expired_task
from chorus.supporters.models import Consent, Supporter, UpdateSubscription

pytestmark = pytest.mark.django_db


def act(page: CampaignPage, name: str, email: str, *, days: int, **extra: object) -> Action:
    submission = Submission(
        page_id=page.pk,
        kind="petition",
        language="th",
        submission_key=f"k-{name}",
        details={"name": name, **({"email": email} if email else {})},
        email=email,
        country="TH",
        consents=[ConsentGiven(Consent.Purpose.ACTION, "v1")] if email else [],
        retention_days=days,
        **extra,  # type: ignore[arg-type]
    )
    return record_action(submission).action


def every_text_value_containing(needle: str) -> list[str]:
    """Every text column of every table that contains `needle` (the database as a thief sees it)."""
    hits = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                found = model._default_manager.filter(**{f"{field.name}__contains": needle}).count()
                if found:
                    hits.append(f"{model._meta.label}.{field.name}")
    return hits


def test_purge_removes_personal_data_and_keeps_counts(petition: CampaignPage, org_key: PrivateKey) -> None:
    confirmed = act(petition, "สมชาย", "somchai@example.org", days=30, subscribe_updates=True)
    confirm_action(confirm_token(confirmed))
    pending = act(petition, "王小明", "xiaoming@example.org", days=30)
    flagged = act(
        petition,
        "bot",
        "bot@example.org",
        days=30,
        signals=anti_abuse.Signals(honeypot="http://spam.example"),
    )
    anonymous = act(petition, "김지현", "", days=30)
    kept = act(petition, "សុខ", "chanthy@example.org", days=400)
    assert flagged.state == Action.State.FLAGGED
    # One mail really sent (its row keeps a delivery record), the others still queued.
    sent_row = Outbox.objects.get(action=confirmed)
    assert deliver(sent_row.pk) == "sent"
    request_data_link("chanthy@example.org", language="km", client_ip=None)

    before = counters.reconcile_counts(petition.pk)
    counted_as = dict(Action.objects.values_list("pk", "counted_as"))
    expired = [confirmed, pending, flagged, anonymous]
    somchai_index = blind_index("somchai@example.org")
    assert every_text_value_containing(somchai_index) == ["supporters.Supporter.blind_index"]

    now = timezone.now() + timedelta(days=100)
    report = purge_expired(now=now)

    assert report.actions == 4 and report.supporters == 3 and report.subscriptions == 1
    for action in expired:
        action.refresh_from_db()
        assert action.sealed_details is None and action.sealed_with is None and action.supporter is None
        assert action.purged_at == now
        assert action.log.filter(event=ActionLog.Event.PURGED).count() == 1
    kept.refresh_from_db()
    assert kept.sealed_details is not None and kept.supporter is not None and kept.purged_at is None

    assert list(Supporter.objects.all()) == [kept.supporter]
    assert set(Consent.objects.values_list("action_id", flat=True)) == {kept.pk}
    assert not UpdateSubscription.objects.exists()
    # Unsent mail of expired actions is gone; the sent one keeps when and its Message-ID only.
    assert not Outbox.objects.filter(action__in=[pending, flagged, anonymous]).exists()
    sent_row.refresh_from_db()
    assert sent_row.payload is None and sent_row.supporter is None and sent_row.message_id
    assert Outbox.objects.filter(action=kept).get().payload is not None
    assert not Outbox.objects.filter(kind=Outbox.Kind.MAGIC_LINK).exists()
    assert every_text_value_containing(somchai_index) == []

    # Counts: exactly as before, in the shards and when recomputed from the rows.
    assert dict(Action.objects.values_list("pk", "counted_as")) == counted_as
    assert counters.read(petition.pk) == before
    assert counters.reconcile_counts(petition.pk) == before

    assert purge_expired(now=now) == PurgeReport()  # nothing left to do


def test_nothing_is_purged_before_its_time(petition: CampaignPage, org_key: PrivateKey) -> None:
    action = act(petition, "มาลี", "malee@example.org", days=1)
    assert purge_expired() == PurgeReport()
    assert purge_expired(now=timezone.now() + timedelta(hours=23)) == PurgeReport()
    action.refresh_from_db()
    assert action.sealed_details is not None and action.supporter is not None
    assert Supporter.objects.count() == 1 and Consent.objects.count() == 1


def test_the_hourly_task_purges_what_has_expired(petition: CampaignPage, org_key: PrivateKey) -> None:
    action = act(petition, "陳美玲", "meiling@example.org", days=30)
    Action.objects.filter(pk=action.pk).update(retain_until=timezone.now() - timedelta(minutes=1))
    Supporter.objects.update(created_at=timezone.now() - timedelta(days=30))

    result = purge_expired_task.enqueue()

    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value["actions"] == 1 and result.return_value["supporters"] == 1
    action.refresh_from_db()
    assert action.sealed_details is None and not Supporter.objects.exists()
    assert counters.reconcile_counts(petition.pk).unconfirmed == 1
