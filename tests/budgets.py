"""Exact query budgets: the steady state of a hot path, counted statement by statement.

A budget test warms what a running server has warm (the active organisation key, the pause flag,
Wagtail's site and locales, a session, the counter shards and this hour's result rows) so that
the number it asserts is the same on every run and in every order. Statements inside a test's
transaction include the SAVEPOINT and RELEASE of each `atomic()` block: they are round trips too.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

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


# The task queue production runs (a table of the site's database), for budgets that count the
# send task's row: the tests' in-process backend runs a task at once instead of storing it.
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def one_transaction(captured: CaptureQueriesContext) -> list[str]:
    """The statements of the one transaction a new action is, checked to be one (no savepoint
    inside it) and to hold its mail's send task.

    Inside a test's own transaction the action's BEGIN and COMMIT show as the one SAVEPOINT and
    RELEASE there may be; statements before or after it (a page's reads) are not part of it.
    """
    sql = [query["sql"] for query in captured.captured_queries]
    begins = [n for n, statement in enumerate(sql) if statement.startswith("SAVEPOINT")]
    ends = [n for n, statement in enumerate(sql) if statement.startswith("RELEASE SAVEPOINT")]
    assert len(begins) == 1 and len(ends) == 1, "\n".join(sql)
    inside = sql[begins[0] + 1 : ends[0]]
    task_table = DBTaskResult._meta.db_table
    assert sum(task_table in statement for statement in inside) == 1, "\n".join(inside)
    return inside
