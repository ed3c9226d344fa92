"""Background jobs of the action engine."""

from __future__ import annotations

from django.tasks import task

from . import counters, services


@task()
def reconcile_counts_task() -> int:
    """Recompute every page's counters from the action rows, and the rollups of the hours that
    changed recently (run by the scheduler every minute)."""
    pages = counters.reconcile_all()
    counters.reconcile_rollups()
    return pages


@task()
def delete_old_trend_reports_task() -> int:
    """Delete trend reports past their review period (run by the scheduler every 6 hours)."""
    return services.delete_old_trend_reports()
