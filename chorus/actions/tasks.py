"""Background jobs of the action engine."""

from __future__ import annotations

from django.tasks import task

from . import counters, services


@task()
def reconcile_counts_task() -> int:
    """Recompute every page's counters from the action rows (run by the scheduler every minute)."""
    return counters.reconcile_all()


@task()
def delete_old_trend_reports_task() -> int:
    """Delete trend reports past their review period (run by the scheduler every 6 hours)."""
    return services.delete_old_trend_reports()
