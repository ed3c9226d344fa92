"""Housekeeping jobs of the site itself (the scheduler enqueues them; see chorus/core/scheduler.py)."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, router, transaction
from django.tasks import Task, task
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("chorus.tasks")


def enqueue_on_commit(job: Task[Any, Any], *args: Any, robust: bool = False) -> None:
    """Enqueue `job(*args)` once the current transaction commits (at once outside one).

    Jobs take ids, never objects: the rows they name exist once the transaction has committed.
    With `robust`, a failed enqueue is logged instead of raised, for callers whose own work has
    committed already and that something else recovers (the outbox sweep).
    """
    transaction.on_commit(lambda: job.enqueue(*args), robust=robust)


def enqueue_with_transaction(job: Task[Any, Any], *args: Any, robust: bool = False) -> None:
    """Enqueue `job(*args)` as part of the current transaction when the task queue is a table of
    the same database (django-tasks-db): the task row commits, or rolls back, with the rows it
    names, in the one commit. Other backends (Redis queues, the in-process one of the tests)
    are handed the job once the transaction commits, as `enqueue_on_commit` does.
    """
    backend = job.get_backend()
    same_database = router.db_for_write(DBTaskResult) == DEFAULT_DB_ALIAS
    if (
        isinstance(backend, DatabaseBackend)
        and same_database
        and transaction.get_connection().in_atomic_block
    ):
        job.enqueue(*args)
    else:
        enqueue_on_commit(job, *args, robust=robust)


def prune_task_results() -> int:
    """Delete finished task results older than CHORUS_TASK_RESULT_DAYS; returns how many.

    A result holds a task's arguments (ids, never personal data), its return value and, for a
    failure, the traceback, whose message may quote a mail server's answer. Queued and running
    tasks are never touched.
    """
    cutoff = timezone.now() - timedelta(days=settings.CHORUS_TASK_RESULT_DAYS)
    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    if deleted:
        logger.info("Deleted %s finished task results", deleted)
    return int(deleted)


@task()
def prune_task_results_task() -> int:
    return prune_task_results()
