"""Background jobs of the privacy app (Django Tasks API; ids in, never objects)."""

from __future__ import annotations

from dataclasses import asdict

from django.tasks import task

from .retention import purge_expired
from .services import exports as sealed_exports
from .services import purge_audit_log


@task()
def purge_expired_task() -> dict[str, int]:
    """Run hourly by the scheduler: remove personal data whose retention period has ended."""
    return asdict(purge_expired())


@task()
def purge_audit_log_task() -> int:
    """Run by the scheduler: delete audit log entries past CHORUS_AUDIT_LOG_DAYS."""
    return purge_audit_log()


@task()
def build_export_task(export_id: int) -> str:
    """Write one queued sealed export; see `sealed_exports.build_export`."""
    return sealed_exports.build_export(export_id)


@task()
def delete_expired_exports_task() -> int:
    """Run by the scheduler: delete sealed exports past CHORUS_EXPORT_KEEP_HOURS."""
    return sealed_exports.delete_expired_exports()
