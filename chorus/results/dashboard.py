"""One campaign's dashboard: the rollup tables, the update mails, then the kind's own tables.

`campaign_page(page_id)` finds the page whose actions a dashboard shows (the original of a
campaign's translations: every language records against it); `tables(page)` lists what the
dashboard shows and what downloads as CSV, in that order.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Page

from chorus.actions.pages import ActionPageMixin
from chorus.actions.results import ResultsTable
from chorus.core.languages import bcp47, language_name
from chorus.supporters.models import Consent, UpdateSubscription

from . import charts, rollups


def campaign_page(page_id: int) -> Any:
    """The original page of the action page `page_id` names (any translation), or 404."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None or not isinstance(page.specific, ActionPageMixin):
        raise Http404
    specific = page.specific
    if specific.action_page_id != specific.pk:
        specific = Page.objects.get(pk=specific.action_page_id).specific
    return specific


def updates_table(page_id: int) -> ResultsTable:
    """Who gets update mails about the campaign now, by language, and how many unsubscribed."""
    subscribed = dict(
        UpdateSubscription.objects.filter(page_id=page_id)
        .values_list("language")
        .annotate(n=Count("pk"))
        .values_list("language", "n")
    )
    withdrawn = dict(
        Consent.objects.filter(
            purpose=Consent.Purpose.UPDATES, action__page_id=page_id, withdrawn_at__isnull=False
        )
        .values_list("language")
        .annotate(n=Count("pk"))
        .values_list("language", "n")
    )
    codes = sorted(set(subscribed) | set(withdrawn), key=lambda code: (-subscribed.get(code, 0), code))
    return ResultsTable(
        slug="updates",
        title=gettext_lazy("Update mails"),
        columns=[_("Language"), _("Subscribed now"), _("Unsubscribed")],
        rows=[[language_name(code), subscribed.get(code, 0), withdrawn.get(code, 0)] for code in codes],
        row_langs=[bcp47(code) for code in codes],
        note=_("Counts people whose details are still kept; the retention period deletes the others."),
    )


@dataclass(frozen=True)
class Shown:
    table: ResultsTable
    chart: charts.Chart | None


@dataclass(frozen=True)
class Dashboard:
    page: Any
    total: rollups.Tally
    shown: list[Shown]

    @property
    def tables(self) -> list[ResultsTable]:
        return [item.table for item in self.shown]


def dashboard(page: Any, now: datetime.datetime | None = None) -> Dashboard:
    overview = rollups.overview(page.pk, now)
    tables = [*overview.tables, updates_table(page.pk), *page.results_tables()]
    return Dashboard(page, overview.total, [Shown(table, charts.bar_chart(table)) for table in tables])


def find_table(page: Any, slug: str) -> ResultsTable:
    for table in dashboard(page).tables:
        if table.slug == slug:
            return table
    raise Http404
