from __future__ import annotations

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand

from chorus.core.scheduler import SCHEDULE, Scheduler


class Command(BaseCommand):
    help = "Enqueue the periodic jobs (outbox sweep, counter reconciliation, retention purge) at their intervals."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="Enqueue every job once and exit (for cron).")

    def handle(self, *args: Any, **options: Any) -> None:
        scheduler = Scheduler(SCHEDULE)
        if options["once"]:
            scheduler.run_pending()
            return
        stop = threading.Event()

        def request_stop(signum: int, frame: object) -> None:
            stop.set()

        signal.signal(signal.SIGINT, request_stop)
        signal.signal(signal.SIGTERM, request_stop)
        self.stdout.write("Scheduler started; jobs (enqueued at start, then every interval):")
        for job in SCHEDULE:
            self.stdout.write(f"  every {job.every:>6.0f} s  {job.name}  ({job.task})")
        self.stdout.flush()
        scheduler.run_forever(stop)
        self.stdout.write("Scheduler stopped.")
