"""Retention: personal data goes when its action's retention period ends; counts stay.

`purge_expired` runs hourly (`tasks.purge_expired_task`, started by the scheduler). First it
deletes expired update subscriptions. Then, for each batch of actions past their
`retain_until`, it runs every registered shredder (chorus.privacy.shredders) in one
transaction: each app removes what it holds about those actions (the sealed details and the
link to the supporter, the mails they implied, their consents, a public signature...). Last go
data-link mail records older than a day and supporters left with nothing. `counted_as` and the
counter shards are never touched, so counts stay exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from chorus.actions.models import Action
from chorus.core.shredding import Purge, Reason
from chorus.delivery.models import Outbox
from chorus.delivery.services import delete_mail_records
from chorus.supporters.services import delete_expired_subscriptions, delete_orphan_supporters

from . import shredders

# Small enough for SQLite's limit on query parameters and for short transactions.
BATCH = 500
# A data link works for an hour; the record that one was sent is kept a day, for the
# per-supporter limit (services.DATA_LINKS_PER_DAY), then deleted.
DATA_LINK_RECORD_DAYS = 1
# A supporter row younger than this is left alone even with no action: it may belong to an
# action being recorded in a transaction that has not committed yet.
ORPHAN_GRACE = timedelta(hours=1)


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
        report.subscriptions += delete_expired_subscriptions(now)
    while _purge_batch(now, report):
        pass
    with transaction.atomic():
        report.mails_deleted += delete_mail_records(
            kind=Outbox.Kind.MAGIC_LINK, created_before=now - timedelta(days=DATA_LINK_RECORD_DAYS)
        )
        report.supporters += delete_orphan_supporters(now - ORPHAN_GRACE)
    return report


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
        counts = shredders.shred(Purge(Reason.RETENTION, ids, now))
    report.actions += counts["actions"]
    report.consents += counts["consents"]
    report.mails_deleted += counts["mails_deleted"]
    report.mails_wiped += counts["mails_wiped"]
    return True
