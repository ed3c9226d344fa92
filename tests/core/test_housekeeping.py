"""Finished background-task results are deleted on schedule; queued and running ones stay."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from chorus.core.scheduler import SCHEDULE
from chorus.core.tasks import prune_task_results

pytestmark = pytest.mark.django_db


def result(status: str, age_days: float | None) -> DBTaskResult:
    now = timezone.now()
    return DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [1], "kwargs": {}},
        task_path="chorus.delivery.tasks.send_outbox_message",
        backend_name="default",
        run_after=now,
        finished_at=None if age_days is None else now - timedelta(days=age_days),
    )


def test_old_finished_results_go_and_everything_else_stays(settings) -> None:
    settings.CHORUS_TASK_RESULT_DAYS = 7
    old_success = result("SUCCESSFUL", 8)
    old_failure = result("FAILED", 30)
    recent = result("SUCCESSFUL", 1)
    waiting = result("READY", None)
    running = result("RUNNING", None)

    assert prune_task_results() == 2

    left = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert left == {recent.pk, waiting.pk, running.pk}
    assert old_success.pk not in left and old_failure.pk not in left
    assert prune_task_results() == 0


def test_the_scheduler_runs_the_pruning() -> None:
    assert "chorus.core.tasks.prune_task_results_task" in {job.task for job in SCHEDULE}
