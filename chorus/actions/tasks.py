"""Background jobs of the action engine."""

from __future__ import annotations

from django.tasks import task

from . import counters


@task()
def reconcile_counts_task() -> int:
    """Recompute every page's counters from the action rows (run by the scheduler every minute)."""
    return counters.reconcile_all()
