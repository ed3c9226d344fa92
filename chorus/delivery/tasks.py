"""Background jobs of the outbox. They take ids, never objects, and hold no logic of their own."""

from __future__ import annotations

from django.tasks import task

from . import services


@task()
def send_outbox_message(outbox_id: int) -> str:
    """Send one outbox row (if it is due and unclaimed); see `services.deliver`."""
    return services.deliver(outbox_id)


@task()
def sweep_outbox_task() -> int:
    """Re-enqueue outbox rows whose send task was lost (run by the scheduler every 30 s)."""
    return services.sweep_outbox()
