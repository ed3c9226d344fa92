"""Retention: personal data goes when its action's retention period ends; counts stay.

`purge_expired` runs hourly (`tasks.purge_expired_task`, started by the scheduler). First it
deletes expired update subscriptions. Then, for each action past its `retain_until`, it
removes the sealed details and the link to the supporter, the mails the action implied
(unsent ones entirely; sent and failed ones keep only their delivery record) and its
consents, and writes a PURGED entry in the action's log. Last go data-link mail records older
than a day and supporters left with nothing. `counted_as` and the counter shards are never
touched, so counts stay exact.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from chorus.actions.models import Action, ActionLog
from chorus.delivery.models import Outbox
from chorus.delivery.services import delete_mail_records, forget_mail
from chorus.supporters.models import Consent, Supporter, UpdateSubscription

# Small enough for SQLite's limit on query parameters and for short transactions.
BATCH = 500
# A data link works for an hour; the record that one was sent is kept a day, for the
# per-supporter limit (services.DATA_LINKS_PER_DAY), then deleted.
DATA_LINK_RECORD_DAYS = 1
# A supporter row younger than this is left alone even with no action: it may belong to an
# action being recorded in a transaction that has not committed yet.
ORPHAN_GRACE = timedelta(hours=1)


# What other apps keep about an action beyond its sealed details (a public signature, a
# comment waiting for review) goes with it: each hook gets the ids of the actions being purged
# and why ("retention": their time is up; "request": the supporter asked for deletion), inside
# the purge's transaction. Registered from AppConfig.ready().
RETENTION = "retention"
REQUEST = "request"
PurgeHook = Callable[[Sequence[int], str], None]
_purge_hooks: list[PurgeHook] = []


def on_purge(hook: PurgeHook) -> None:
    if hook not in _purge_hooks:
        _purge_hooks.append(hook)


def run_purge_hooks(action_ids: Sequence[int], why: str = RETENTION) -> None:
    for hook in _purge_hooks:
        hook(action_ids, why)


@dataclass
class PurgeReport:
    actions: int = 0
    consents: int = 0
    subscriptions: int = 0
    mails_deleted: int = 0
    mails_wiped: int = 0
    supporters: int = 0


def purge_expired(now: datetime | None = None) -> PurgeReport:
    now = now or timezone.now()
    report = PurgeReport()
    with transaction.atomic():
        # Subscriptions first: afterwards, a consent of an expired action is only still needed
        # by a subscription that runs on (renewed by a later action).
        report.subscriptions += _deleted(
            UpdateSubscription.objects.filter(retain_until__lte=now), UpdateSubscription
        )
    while _purge_batch(now, report):
        pass
    with transaction.atomic():
        report.mails_deleted += delete_mail_records(
            kind=Outbox.Kind.MAGIC_LINK, created_before=now - timedelta(days=DATA_LINK_RECORD_DAYS)
        )
        report.supporters += _deleted(
            Supporter.objects.filter(
                created_at__lte=now - ORPHAN_GRACE, actions__isnull=True, subscriptions__isnull=True
            ),
            Supporter,
        )
    return report


def _deleted(queryset: QuerySet[Any], model: type[Model]) -> int:
    _total, per_model = queryset.delete()
    return int(per_model.get(model._meta.label, 0))


def _purge_batch(now: datetime, report: PurgeReport) -> bool:
    """Purge up to BATCH expired actions in one transaction; False when none were left."""
    with transaction.atomic():
        ids = list(
            Action.objects.select_for_update()
            .filter(retain_until__lte=now, purged_at__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)[:BATCH]
        )
        if not ids:
            return False
        # Mail not sent by now is not sent at all; a sent or failed one keeps its delivery
        # record (when, Message-ID, the scrubbed error) but nothing personal.
        mails = forget_mail(action_ids=ids, keep_records=True)
        report.mails_deleted += mails.deleted
        report.mails_wiped += mails.wiped
        # A consent stays while an update subscription that still runs relies on it.
        live = UpdateSubscription.objects.filter(retain_until__gt=now).values("consent_id")
        report.consents += _deleted(
            Consent.objects.filter(action_id__in=ids).exclude(Q(pk__in=live)), Consent
        )
        run_purge_hooks(ids)
        report.actions += Action.objects.filter(pk__in=ids).update(
            supporter=None, sealed_details=None, sealed_with=None, purged_at=now
        )
        ActionLog.objects.bulk_create(
            [
                ActionLog(action_id=action_id, event=ActionLog.Event.PURGED, detail="retention")
                for action_id in ids
            ]
        )
    return True
