"""Trend reports: a source (one address, one email domain) making an unusual share of a
campaign's recent actions, written for staff review a few times per trend, not once per action."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.core.cache import cache
from django.utils import timezone

from .. import anti_abuse
from ..models import TrendReport

# While a trend lasts its report is rewritten at least this often (and whenever it grows a tenth).
TREND_WRITE_SECONDS = 30


def report_trends(page_id: int, trends: Sequence[anti_abuse.Trend]) -> None:
    """Open or update the staff report of each trend: once it has grown a tenth since the last
    write, or TREND_WRITE_SECONDS after it, so that a flood costs a few writes, not one each."""
    for trend in trends:
        written_key = f"chorus:trend-written:{trend.scope}"
        written = cache.get(written_key)
        due = cache.add(f"chorus:trend-due:{trend.scope}", 1, TREND_WRITE_SECONDS)
        if written is not None and trend.actions < written * 1.1 and not due:
            continue
        cache.set(written_key, trend.actions, anti_abuse.TREND_WINDOW)
        open_key = f"chorus:trend-report:{trend.scope}"
        now = timezone.now()
        # Only the request that claims the key opens a report (0 while it is being created),
        # so concurrent requests of one trend do not open two.
        claimed = cache.add(open_key, 0, anti_abuse.TREND_WINDOW)
        report_id = None if claimed else cache.get(open_key)
        if report_id == 0:
            continue
        updated = 0
        if report_id is not None:
            updated = TrendReport.objects.filter(pk=report_id).update(
                actions=trend.actions, total=trend.total, last_seen_at=now
            )
        if not updated:
            # New, or the report was rolled back with its transaction or deleted: open one.
            report = TrendReport.objects.create(
                page_id=page_id,
                source=trend.source,
                domain=trend.domain,
                actions=trend.actions,
                total=trend.total,
                last_seen_at=now,
            )
            report_id = report.pk
        # The report stays open while the trend goes on; an hour's quiet closes it.
        cache.set(open_key, report_id, anti_abuse.TREND_WINDOW)


def delete_old_trend_reports(now: Any = None) -> int:
    """Trend reports are for review now, not a record: delete those past REPORT_DAYS."""
    cutoff = (now or timezone.now()) - timedelta(days=TrendReport.REPORT_DAYS)
    deleted, _per_model = TrendReport.objects.filter(last_seen_at__lt=cutoff).delete()
    return deleted
