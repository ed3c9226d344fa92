"""Background jobs of the privacy app (Django Tasks API; ids in, never objects)."""

from __future__ import annotations

from dataclasses import asdict

from django.tasks import task

from .retention import purge_expired
from .services import purge_audit_log


@task()
def purge_expired_task() -> dict[str, int]:
    """Run hourly by the scheduler: remove personal data whose retention period has ended."""
    return asdict(purge_expired())


@task()
def purge_audit_log_task() -> int:
    """Run by the scheduler: delete audit log entries past CHORUS_AUDIT_LOG_DAYS."""
    return purge_audit_log()
