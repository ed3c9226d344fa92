"""Exact query budgets: the steady state of a hot path, counted statement by statement.

A budget test warms what a running server has warm (the active organisation key, the pause flag,
Wagtail's site and locales, a session, the counter shards and this hour's result rows) so that
the number it asserts is the same on every run and in every order. Statements inside a test's
transaction include the SAVEPOINT and RELEASE of each `atomic()` block: they are round trips too.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from chorus.actions.counters import SHARDS
from chorus.actions.models import ActionCount

# Closer than this to the end of an hour, a test waits for the next: the result rollups are per
# hour, and a new hour between the warm-up and the measured request would add its INSERTs.
HOUR_MARGIN_SECONDS = 20


def within_one_hour() -> None:
    """Return when the rest of the test (well under HOUR_MARGIN_SECONDS) stays within this hour."""
    now = datetime.now(UTC)
    left = 3600 - (now.minute * 60 + now.second + now.microsecond / 1e6)
    if left < HOUR_MARGIN_SECONDS:
        time.sleep(left + 0.5)


def warm_counters(page_id: int) -> None:
    """Every counter shard of the page exists, as on a campaign that has had a few actions:
    the shard an action adds to is random, and a missing one costs three statements more."""
    for bucket in ActionCount.Bucket.values:
        for shard in range(SHARDS):
            ActionCount.objects.get_or_create(
                page_id=page_id, bucket=bucket, shard=shard, defaults={"value": 0}
            )
