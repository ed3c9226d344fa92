"""Background jobs of delivery bundles and records. They take ids, never objects, and hold no logic of their own."""

from __future__ import annotations

from django.tasks import task

from . import bundle, records


@task()
def build_bundle_task(bundle_id: int) -> str:
    """Typeset one queued delivery bundle; see `bundle.build_bundle`."""
    return bundle.build_bundle(bundle_id)


@task()
def delete_old_bundles_task() -> int:
    """Delete bundles older than 30 days (run by the scheduler every 6 hours)."""
    return bundle.delete_old_bundles()


@task()
def resume_lost_mailings_task() -> int:
    """Finish delivery-record mailings whose batch tasks were lost (scheduler, every 5 min)."""
    return records.resume_lost_mailings()
