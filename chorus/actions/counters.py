"""Sharded action counters and the hourly rollups of the results dashboards.

Writers add to one of SHARDS rows chosen at random, so concurrent actions on one campaign do
not queue behind a single hot row. Readers sum at most SHARDS rows per bucket: O(1) in the
number of actions. `reconcile_counts` recomputes them from the action rows (the periodic
aggregation), which makes them exact whatever happened in between.

Rollups (`ActionRollup`) count actions per page, hour, language, country and state; `roll`
keeps them in step in the action's transaction and `reconcile_rollups` rewrites the hours
that changed recently, so dashboards never count action rows.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncHour
from django.utils import timezone

from .models import Action, ActionCount, ActionLog, ActionRollup

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


# --- rollups ------------------------------------------------------------------------------

# The `start` of every all-time row (any fixed instant will do).
ALL_TIME = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
# Hours touched by actions made or changed this long ago are rewritten by each reconciliation
# (it runs every minute, so a few missed runs lose nothing).
RECONCILE_WINDOW = datetime.timedelta(minutes=15)

RollupKey = tuple[datetime.datetime, str, str, str]  # hour, language, country, state
# The language and country of the hour and day rows that count every language and country:
# the dashboard's charts over time read those, a few rows per hour or day, not one per mix.
ANY = "*"


def hour_of(moment: datetime.datetime) -> datetime.datetime:
    """The UTC hour an action made at `moment` is counted in."""
    return moment.astimezone(datetime.UTC).replace(minute=0, second=0, microsecond=0)


def day_of(hour: datetime.datetime) -> datetime.datetime:
    """The start of the day (in TIME_ZONE) an hour is counted in."""
    local = timezone.localtime(hour, timezone.get_default_timezone())
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def _bump(page_id: int, key: RollupKey, amount: int) -> None:
    """Add `amount` to the rows of one (hour, language, country, state): its hour, day and
    all-time rows, and the hour and day rows of every language and country (ANY)."""
    hour, language, country, state = key
    day = day_of(hour)
    wanted = {
        (ActionRollup.Period.HOUR, hour, language, country),
        (ActionRollup.Period.DAY, day, language, country),
        (ActionRollup.Period.ALL, ALL_TIME, language, country),
        (ActionRollup.Period.HOUR, hour, ANY, ANY),
        (ActionRollup.Period.DAY, day, ANY, ANY),
    }
    rows = ActionRollup.objects.filter(page_id=page_id, state=state)
    which = Q()
    for period, start, row_language, row_country in wanted:
        which |= Q(period=period, start=start, language=row_language, country=row_country)
    if rows.filter(which).update(n=F("n") + amount) == len(wanted):
        return
    present = {
        (period, start, row_language, row_country)
        for period, start, row_language, row_country in rows.filter(which).values_list(
            "period", "start", "language", "country"
        )
    }
    for period, start, row_language, row_country in sorted(wanted - present):
        try:
            with transaction.atomic():
                ActionRollup.objects.create(
                    page_id=page_id,
                    period=period,
                    start=start,
                    language=row_language,
                    country=row_country,
                    state=state,
                    n=amount,
                )
        except IntegrityError:  # made by a concurrent action meanwhile
            rows.filter(period=period, start=start, language=row_language, country=row_country).update(
                n=F("n") + amount
            )


def roll(action: Action, old_state: str = "") -> None:
    """Count the action in its state now, and no longer in `old_state` ("" for a new action)."""
    if old_state == action.state:
        return
    hour = hour_of(action.created_at)
    changes = [(action.state, 1)] + ([(old_state, -1)] if old_state else [])
    # Always in the same order (by state), so two opposite moves cannot wait for each other.
    for state, amount in sorted(changes):
        _bump(action.page_id, (hour, action.language, action.country, state), amount)


def _exact_rollups(page_id: int, hours: Iterable[datetime.datetime]) -> Counter[RollupKey]:
    """Count the page's actions of these hours from the action rows."""
    which = Q()
    for hour in hours:
        which |= Q(created_at__gte=hour, created_at__lt=hour + datetime.timedelta(hours=1))
    rows = (
        Action.objects.filter(which, page_id=page_id)
        .annotate(hour=TruncHour("created_at", tzinfo=datetime.UTC))
        .values_list("hour", "language", "country", "state")
        .annotate(n=Count("pk"))
    )
    return Counter(
        {(hour_of(hour), language, country, state): n for hour, language, country, state, n in rows}
    )


def rebuild_hours(page_id: int, hours: Iterable[datetime.datetime]) -> int:
    """Make the page's rollups of these hours exact again; returns how many keys were off.

    The corrections are added (`n = n + delta`) to the hour, day and all-time rows together,
    as the writers add, so they commute with concurrent actions and take no locks. An action
    committed between the two reads below can be corrected once too often; the next run,
    whose window still holds its hour, puts that right.
    """
    hours = sorted(set(hours))
    stored = Counter(
        {
            (hour_of(start), language, country, state): n
            for start, language, country, state, n in ActionRollup.objects.filter(
                page_id=page_id, period=ActionRollup.Period.HOUR, start__in=hours
            )
            .exclude(language=ANY)
            .values_list("start", "language", "country", "state", "n")
        }
    )
    exact = _exact_rollups(page_id, hours)
    off = 0
    with transaction.atomic():
        for key in sorted(set(stored) | set(exact)):
            delta = exact[key] - stored[key]
            if delta:
                _bump(page_id, key, delta)
                off += 1
    return off


def reconcile_rollups(now: datetime.datetime | None = None) -> int:
    """Rewrite the hours of actions made or changed within RECONCILE_WINDOW; returns the
    number of (page, hour) pairs checked. Run with the counters by the scheduler."""
    since = (now or timezone.now()) - RECONCILE_WINDOW
    made = (
        Action.objects.filter(created_at__gte=since)
        .annotate(hour=TruncHour("created_at", tzinfo=datetime.UTC))
        .values_list("page_id", "hour")
        .distinct()
    )
    changed = (
        ActionLog.objects.filter(at__gte=since)
        .annotate(hour=TruncHour("action__created_at", tzinfo=datetime.UTC))
        .values_list("action__page_id", "hour")
        .distinct()
    )
    touched: defaultdict[int, set[datetime.datetime]] = defaultdict(set)
    for page_id, hour in [*made, *changed]:
        touched[page_id].add(hour_of(hour))
    for page_id, hours in touched.items():
        rebuild_hours(page_id, hours)
    return sum(len(hours) for hours in touched.values())


def rebuild_rollups(page_id: int) -> int:
    """Rewrite all of the page's rollups from its action rows (after a bulk import, or to
    repair); returns the number of rows written."""
    with transaction.atomic():
        ActionRollup.objects.filter(page_id=page_id).delete()
        hourly = (
            Action.objects.filter(page_id=page_id)
            .annotate(hour=TruncHour("created_at", tzinfo=datetime.UTC))
            .values_list("hour", "language", "country", "state")
            .annotate(n=Count("pk"))
        )
        totals: Counter[tuple[str, datetime.datetime, str, str, str]] = Counter()
        for hour, language, country, state, n in hourly.iterator():
            hour = hour_of(hour)
            totals[(ActionRollup.Period.HOUR, hour, language, country, state)] += n
            totals[(ActionRollup.Period.DAY, day_of(hour), language, country, state)] += n
            totals[(ActionRollup.Period.ALL, ALL_TIME, language, country, state)] += n
            totals[(ActionRollup.Period.HOUR, hour, ANY, ANY, state)] += n
            totals[(ActionRollup.Period.DAY, day_of(hour), ANY, ANY, state)] += n
        ActionRollup.objects.bulk_create(
            (
                ActionRollup(
                    page_id=page_id,
                    period=period,
                    start=start,
                    language=language,
                    country=country,
                    state=state,
                    n=n,
                )
                for (period, start, language, country, state), n in totals.items()
            ),
            batch_size=1000,
        )
    return len(totals)
