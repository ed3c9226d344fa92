"""Periodic jobs: a small table of tasks and how often to enqueue them.

`chorus scheduler` runs `Scheduler.run_forever`: it enqueues each task at its interval and
the task worker runs it. Run exactly one scheduler per site (more would only enqueue each
job more often; every job here is safe to run twice). The jobs are named by dotted path,
so a job whose module is missing is skipped with a warning instead of stopping the rest.

| Job                     | Task                                              | Every  |
|-------------------------|---------------------------------------------------|--------|
| outbox sweep            | chorus.delivery.tasks.sweep_outbox_task           | 30 s   |
| counter reconciliation  | chorus.actions.tasks.reconcile_counts_task        | 60 s   |
| retention purge         | chorus.privacy.tasks.purge_expired_task           | 1 h    |
| letter digests          | chorus.letters.tasks.send_letter_digests_task     | 15 min |
| queued letter expiry    | chorus.letters.tasks.expire_queued_letters_task   | 1 h    |
| old bundle deletion     | chorus.handover.tasks.delete_old_bundles_task      | 6 h    |
| lost update mailings    | chorus.handover.tasks.resume_lost_mailings_task    | 5 min  |
| task result pruning     | chorus.core.tasks.prune_task_results_task         | 6 h    |
| old trend reports       | chorus.actions.tasks.delete_old_trend_reports_task | 6 h   |
| audit log purge         | chorus.privacy.tasks.purge_audit_log_task         | 6 h    |
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import close_old_connections
from django.utils.module_loading import import_string

logger = logging.getLogger("chorus.scheduler")

# After a failed enqueue (database unreachable), try again this soon rather than a whole interval later.
RETRY_SECONDS = 10.0
# The loop wakes at least this often, so a stop request is noticed quickly.
MAX_SLEEP_SECONDS = 1.0


@dataclass(frozen=True)
class Job:
    name: str
    task: str  # dotted path to a django.tasks Task
    every: float  # seconds


SCHEDULE: tuple[Job, ...] = (
    Job("outbox sweep", "chorus.delivery.tasks.sweep_outbox_task", 30),
    Job("counter reconciliation", "chorus.actions.tasks.reconcile_counts_task", 60),
    Job("retention purge", "chorus.privacy.tasks.purge_expired_task", 60 * 60),
    # Digests go once a day per target from CHORUS_LETTER_DIGEST_HOUR; checking every 15 min sends them on time.
    Job("letter digests", "chorus.letters.tasks.send_letter_digests_task", 15 * 60),
    Job("queued letter expiry", "chorus.letters.tasks.expire_queued_letters_task", 60 * 60),
    Job("old bundle deletion", "chorus.handover.tasks.delete_old_bundles_task", 6 * 60 * 60),
    Job("lost mailing resumption", "chorus.handover.tasks.resume_lost_mailings_task", 5 * 60),
    Job("task result pruning", "chorus.core.tasks.prune_task_results_task", 6 * 60 * 60),
    Job("old trend reports", "chorus.actions.tasks.delete_old_trend_reports_task", 6 * 60 * 60),
    # Entries past CHORUS_AUDIT_LOG_DAYS (Wagtail's log models, pages included).
    Job("audit log purge", "chorus.privacy.tasks.purge_audit_log_task", 6 * 60 * 60),
    Job("expired export deletion", "chorus.privacy.tasks.delete_expired_exports_task", 15 * 60),
)


class Scheduler:
    """Enqueues each job when it is due. Every job is due at start, then every `every` seconds."""

    def __init__(
        self, schedule: Sequence[Job] = SCHEDULE, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.schedule = tuple(schedule)
        self.clock = clock
        start = clock()
        self.next_run = {job.name: start for job in self.schedule}
        self._missing: set[str] = set()

    def enqueue(self, job: Job) -> bool:
        """Enqueue one job now. False only if it should be tried again soon (database down);
        a job whose task does not exist is skipped until its next turn."""
        try:
            task = import_string(job.task)
        except Exception:  # missing or broken: the other jobs still run
            if job.name not in self._missing:
                self._missing.add(job.name)
                logger.warning("Scheduler: %s skipped, %s is not available", job.name, job.task)
            return True
        self._missing.discard(job.name)
        try:
            task.enqueue()
        except Exception as error:  # one failing job must not stop the others
            logger.warning("Scheduler: could not enqueue %s (%s: %s)", job.name, type(error).__name__, error)
            return False
        logger.info("Scheduler: enqueued %s", job.name)
        return True

    def run_pending(self) -> list[str]:
        """Enqueue every job that is due; returns the names of the jobs that were due."""
        now = self.clock()
        ran = []
        for job in self.schedule:
            due = self.next_run[job.name]
            if due > now:
                continue
            ran.append(job.name)
            if not self.enqueue(job):
                self.next_run[job.name] = now + min(RETRY_SECONDS, job.every)
            else:
                # Keep to the grid (no drift), unless the loop fell behind: then start afresh.
                following = due + job.every
                self.next_run[job.name] = following if following > now else now + job.every
        return ran

    def seconds_until_next(self) -> float:
        return max(0.0, min(self.next_run.values()) - self.clock())

    def run_forever(self, stop: threading.Event) -> None:
        while not stop.is_set():
            # A long-running process: drop database connections that are broken or past
            # CONN_MAX_AGE, as Django does between requests.
            close_old_connections()
            self.run_pending()
            stop.wait(min(self.seconds_until_next(), MAX_SLEEP_SECONDS))
