"""Background jobs of the privacy app (Django Tasks API; ids in, never objects)."""

from __future__ import annotations

from dataclasses import asdict

from django.tasks import task

from .retention import purge_expired


@task()
def purge_expired_task() -> dict[str, int]:
    """Run hourly by the scheduler: remove personal data whose retention period has ended."""
    return asdict(purge_expired())
