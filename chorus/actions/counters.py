"""Sharded action counters.

Writers add to one of SHARDS rows chosen at random, so concurrent actions on one campaign do
not queue behind a single hot row. Readers sum at most SHARDS rows per bucket: O(1) in the
number of actions. `reconcile_counts` recomputes them from the action rows (the periodic
aggregation), which makes them exact whatever happened in between.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Sum

from .models import Action, ActionCount

SHARDS = 8
CACHE_SECONDS = 5


@dataclass(frozen=True)
class Counts:
    confirmed: int
    unconfirmed: int

    @property
    def total(self) -> int:
        return self.confirmed + self.unconfirmed


def _cache_key(page_id: int) -> str:
    return f"chorus:counts:{page_id}"


def add(page_id: int, bucket: str, amount: int = 1) -> None:
    """Add `amount` (may be negative) to a random shard of the page's bucket."""
    shard = random.randrange(SHARDS)  # noqa: S311 - load spreading, not security
    updated = ActionCount.objects.filter(page_id=page_id, bucket=bucket, shard=shard).update(
        value=F("value") + amount
    )
    if not updated:
        try:
            with transaction.atomic():
                ActionCount.objects.create(page_id=page_id, bucket=bucket, shard=shard, value=amount)
        except IntegrityError:
            # Another transaction created the shard meanwhile; add to it.
            ActionCount.objects.filter(page_id=page_id, bucket=bucket, shard=shard).update(
                value=F("value") + amount
            )
    forget(page_id)


def forget(page_id: int) -> None:
    """Drop the cached count now and again after commit (a reader may cache the old sum meanwhile)."""
    cache.delete(_cache_key(page_id))
    transaction.on_commit(lambda: cache.delete(_cache_key(page_id)))


def move(action: Action, bucket: str) -> None:
    """Put the action into `bucket` ("" for not counted), leaving its old bucket."""
    if action.counted_as == bucket:
        return
    if action.counted_as:
        add(action.page_id, action.counted_as, -1)
    if bucket:
        add(action.page_id, bucket, 1)
    action.counted_as = bucket


def bucket_for(state: str) -> str:
    if state == Action.State.CONFIRMED:
        return ActionCount.Bucket.CONFIRMED
    if state == Action.State.PENDING:
        return ActionCount.Bucket.UNCONFIRMED
    return ""  # flagged and invalidated actions are never counted


def read(page_id: int) -> Counts:
    """The page's counts: a cached sum of its shards (at most 2 × SHARDS rows)."""
    cached = cache.get(_cache_key(page_id))
    if cached is not None:
        return Counts(*cached)
    sums = dict(
        ActionCount.objects.filter(page_id=page_id)
        .values_list("bucket")
        .annotate(total=Sum("value"))
        .values_list("bucket", "total")
    )
    counts = Counts(
        confirmed=int(sums.get(ActionCount.Bucket.CONFIRMED, 0)),
        unconfirmed=int(sums.get(ActionCount.Bucket.UNCONFIRMED, 0)),
    )
    cache.set(_cache_key(page_id), (counts.confirmed, counts.unconfirmed), CACHE_SECONDS)
    return counts


def reconcile_counts(page_id: int) -> Counts:
    """Recompute the page's counters from its action rows (the periodic aggregation)."""
    with transaction.atomic():
        # Lock the page's shards so increments wait for the rewrite instead of being lost.
        list(ActionCount.objects.select_for_update().filter(page_id=page_id).values_list("pk"))
        exact = dict(
            Action.objects.filter(page_id=page_id)
            .exclude(counted_as="")
            .values_list("counted_as")
            .annotate(n=Count("pk"))
            .values_list("counted_as", "n")
        )
        ActionCount.objects.filter(page_id=page_id).delete()
        ActionCount.objects.bulk_create(
            [ActionCount(page_id=page_id, bucket=bucket, shard=0, value=n) for bucket, n in exact.items()]
        )
        forget(page_id)
    return Counts(
        confirmed=exact.get(ActionCount.Bucket.CONFIRMED, 0),
        unconfirmed=exact.get(ActionCount.Bucket.UNCONFIRMED, 0),
    )


def reconcile_all() -> int:
    """Reconcile every page that has actions; returns how many pages were reconciled."""
    page_ids = list(Action.objects.values_list("page_id", flat=True).distinct())
    for page_id in page_ids:
        reconcile_counts(page_id)
    return len(page_ids)
