"""The scheduler enqueues the periodic jobs at their intervals (outbox sweep, counters, retention)."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.tasks.signals import task_enqueued
from django.utils import timezone

from chorus.core.scheduler import SCHEDULE, Job, Scheduler
from chorus.delivery.models import Outbox

from .helpers import queue

pytestmark = pytest.mark.django_db


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def enqueued() -> Any:
    """Task paths in the order they are enqueued."""
    paths: list[str] = []

    def record(sender: Any, task_result: Any, **kwargs: Any) -> None:
        paths.append(task_result.task.module_path)

    task_enqueued.connect(record)
    yield paths
    task_enqueued.disconnect(record)


def test_each_job_is_enqueued_at_start_and_then_at_its_interval(enqueued: list[str]) -> None:
    clock = Clock()
    scheduler = Scheduler(SCHEDULE, clock=clock)
    start = clock.now
    while clock.now <= start + 3600:
        scheduler.run_pending()
        clock.now += 1
    counts = Counter(enqueued)
    assert counts["chorus.delivery.tasks.sweep_outbox_task"] == 3600 // 30 + 1
    assert counts["chorus.actions.tasks.reconcile_counts_task"] == 3600 // 60 + 1
    assert counts["chorus.privacy.tasks.purge_expired_task"] == 2
    assert set(counts) == {job.task for job in SCHEDULE}


def test_a_scheduler_that_fell_behind_does_not_catch_up_in_a_burst(enqueued: list[str]) -> None:
    clock = Clock()
    scheduler = Scheduler([SCHEDULE[0]], clock=clock)
    scheduler.run_pending()
    clock.now += 600  # the machine was suspended for ten minutes
    scheduler.run_pending()
    scheduler.run_pending()
    assert len(enqueued) == 2
    assert scheduler.seconds_until_next() == 30


def test_a_missing_job_is_skipped_with_a_warning_and_the_others_still_run(
    enqueued: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    clock = Clock()
    schedule = [Job("not written yet", "chorus.nowhere.tasks.missing_task", 10), SCHEDULE[0]]
    scheduler = Scheduler(schedule, clock=clock)
    with caplog.at_level(logging.WARNING, logger="chorus.scheduler"):
        for _ in range(3):
            scheduler.run_pending()
            clock.now += 30
    assert enqueued == ["chorus.delivery.tasks.sweep_outbox_task"] * 3
    assert [record.getMessage() for record in caplog.records] == [
        "Scheduler: not written yet skipped, chorus.nowhere.tasks.missing_task is not available"
    ]


def test_scheduler_once_runs_the_sweep_that_recovers_lost_mail(enqueued: list[str]) -> None:
    (row,) = queue(prefix="cron")  # its send task was never enqueued
    Outbox.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now() - timedelta(hours=1))
    call_command("scheduler", "--once")
    row.refresh_from_db()
    assert row.state == Outbox.State.SENT
    assert "chorus.actions.tasks.reconcile_counts_task" in enqueued
