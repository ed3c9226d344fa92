"""Real processes against the test database: the task worker and the scheduler.

A task worker (django-tasks-db's db_worker) is SIGKILLed in the middle of 500 mails.

The SMTP server kills the worker while it is inside DATA of the 137th message and never
accepts that message, so exactly one row is left `sending`. A second worker sends the rest;
once the lease has expired the sweeper hands the abandoned row on. Every mail must arrive,
and none twice.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.db import connection

from chorus.delivery import services
from chorus.delivery.models import Outbox
from tests.helpers import PATIENCE, wait_until

from .helpers import queue
from .smtp import SMTPServer

ROOT = Path(__file__).resolve().parents[2]
MAILS = 500
KILL_AT = 137
LEASE_SECONDS = 2

pytestmark = pytest.mark.django_db(transaction=True)


def worker_database_url() -> str:
    """DATABASE_URL for the test database this process is using."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = quote(str(db["USER"] or ""))
    if db["PASSWORD"]:
        auth += ":" + quote(str(db["PASSWORD"]))
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


Start = Callable[..., subprocess.Popen[bytes]]


@pytest.fixture
def start_process(smtp_server: SMTPServer, tmp_path: Path) -> Iterator[Start]:
    """Start `chorus <command>` on the test database; stopped at the end of the test."""
    processes: list[subprocess.Popen[bytes]] = []
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.delivery.worker_settings",
        "DATABASE_URL": worker_database_url(),
        "CHORUS_SMTP_PORT": str(smtp_server.port),
        "CHORUS_OUTBOX_LEASE_SECONDS": str(LEASE_SECONDS),
        "PYTHONPATH": str(ROOT),
    }

    def start(name: str, *command: str) -> subprocess.Popen[bytes]:
        with (tmp_path / f"{name}.log").open("wb") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "chorus.cli", *command],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        processes.append(process)
        return process

    yield start
    for process in processes:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def start_worker(start_process: Start, name: str) -> subprocess.Popen[bytes]:
    return start_process(
        name,
        "db_worker",
        "--queue-name",
        "*",
        "--no-reload",
        "--no-startup-delay",
        "--interval",
        "0.1",
        "--worker-id",
        name,
    )


def test_a_worker_killed_while_sending_500_mails_loses_and_duplicates_nothing(
    smtp_server: SMTPServer, start_process: Start, settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    settings.CHORUS_OUTBOX_LEASE_SECONDS = LEASE_SECONDS
    handler = smtp_server.handler
    victim: dict[str, int] = {}

    def kill_inside_data(number: int) -> str | None:
        if number != KILL_AT:
            return None
        os.kill(victim["pid"], signal.SIGKILL)
        return "451 4.3.0 The sender vanished"  # nobody is left to read it

    handler.on_data = kill_inside_data
    queue(MAILS, prefix="crash")  # commits: 500 send tasks in the database queue
    started = time.monotonic()

    first = start_worker(start_process, "first")
    victim["pid"] = first.pid
    assert first.wait(timeout=PATIENCE) == -signal.SIGKILL
    assert handler.count() == KILL_AT - 1
    (abandoned,) = Outbox.objects.filter(state=Outbox.State.SENDING)
    assert abandoned.payload is not None

    start_worker(start_process, "second")
    wait_until(lambda: handler.count() == MAILS - 1, "the second worker to send the rest")
    # The abandoned row's task died with the first worker: only the sweeper can bring it back.
    assert Outbox.objects.get(pk=abandoned.pk).state == Outbox.State.SENDING

    def swept_and_sent() -> bool:
        services.sweep_outbox()
        return handler.count() == MAILS

    wait_until(swept_and_sent, "the sweeper to recover the abandoned mail")
    elapsed = time.monotonic() - started

    ids = handler.message_ids()
    assert len(ids) == MAILS
    assert set(ids.values()) == {1}
    assert set(ids) == {f"<crash-{number}@riverlight.example>" for number in range(MAILS)}
    # The worker records a mail as sent just after the server accepted it: on a busy machine the
    # last row can still be `sending` for a moment after the server counted its message.
    wait_until(
        lambda: Outbox.objects.filter(state=Outbox.State.SENT, payload__isnull=True).count() == MAILS,
        "the worker to record the last mail as sent",
    )
    abandoned.refresh_from_db()
    assert (abandoned.state, abandoned.attempts) == (Outbox.State.SENT, 2)
    print(f"\n{MAILS} mails, one worker killed mid-DATA, all delivered once in {elapsed:.1f} s")


def test_the_scheduler_process_enqueues_the_sweep_and_stops_cleanly(start_process: Start) -> None:
    from django_tasks_db.models import DBTaskResult

    scheduler = start_process("scheduler", "scheduler")
    first_jobs = {"chorus.delivery.tasks.sweep_outbox_task", "chorus.actions.tasks.reconcile_counts_task"}
    # It enqueues its jobs one after another: on a busy machine the second can come a moment later.
    wait_until(
        lambda: first_jobs <= set(DBTaskResult.objects.values_list("task_path", flat=True)),
        "the scheduler to enqueue the outbox sweep and the counter reconciliation",
    )
    scheduler.send_signal(signal.SIGTERM)
    assert scheduler.wait(timeout=PATIENCE) == 0
