"""Background jobs of letter campaigns, enqueued by the scheduler (chorus/core/scheduler.py)."""

from __future__ import annotations

from django.tasks import task

from . import services


@task()
def send_letter_digests_task() -> int:
    """Queue the day's digest for every target that takes one (run every 15 minutes)."""
    return services.send_letter_digests()


@task()
def expire_queued_letters_task() -> int:
    """Delete queued letters that will never be sent (run hourly)."""
    return services.expire_queued_letters()
