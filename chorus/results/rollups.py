"""The dashboard's own tables, read from the hourly rollups (`actions.ActionRollup`).

Three queries whatever the number of actions: the all-time rows (states, languages,
countries), the day rows of the last 90 days and the hour rows of the last 48 hours, each
grouped in the database. Action rows are never counted here; `actions.counters` keeps the
rollups in step with them.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chorus.actions.counters import ALL_TIME, ANY, day_of, hour_of
from chorus.actions.models import Action, ActionRollup
from chorus.actions.results import Cell, ResultsTable
from chorus.core.countries import country_name
from chorus.core.languages import bcp47, language_name

DAYS = 90
HOURS = 48
STATES = (Action.State.CONFIRMED, Action.State.PENDING, Action.State.FLAGGED, Action.State.INVALIDATED)


@dataclass(frozen=True)
class Tally:
    """Actions of one row (a day, a language, a country) by state."""

    by_state: Counter[str]

    @property
    def total(self) -> int:
        return sum(self.by_state.values())

    @property
    def confirmation_rate(self) -> int | None:
        """Confirmed out of confirmed and unconfirmed, in per cent (held ones are not asked yet)."""
        asked = self.by_state[Action.State.CONFIRMED] + self.by_state[Action.State.PENDING]
        return round(100 * self.by_state[Action.State.CONFIRMED] / asked) if asked else None

    def cells(self) -> list[Cell]:
        return [self.total, *(self.by_state[state] for state in STATES)]


def state_columns() -> list[str]:
    return [_("Total"), _("Confirmed"), _("Unconfirmed"), _("Flagged"), _("Invalidated")]


def rate_text(rate: int | None) -> str:
    return "—" if rate is None else f"{rate} %"


def _tallies(rows: Iterable[tuple[object, str, int]]) -> defaultdict[object, Tally]:
    tallies: defaultdict[object, Tally] = defaultdict(lambda: Tally(Counter()))
    for key, state, n in rows:
        tallies[key].by_state[state] += int(n or 0)
    return tallies


def _sums(
    page_id: int, period: str, *fields: str, since: datetime.datetime | None = None
) -> list[tuple[Any, ...]]:
    rows = ActionRollup.objects.filter(page_id=page_id, period=period)
    if period != ActionRollup.Period.ALL:  # over time: the rows of every language and country
        rows = rows.filter(language=ANY, country=ANY)
    if since is not None:
        rows = rows.filter(start__gte=since)
    return list(rows.values_list(*fields, "state").annotate(n=Sum("n")).values_list(*fields, "state", "n"))


@dataclass(frozen=True)
class Overview:
    """The headline numbers and the dashboard's own tables."""

    total: Tally
    tables: list[ResultsTable]


def overview(page_id: int, now: datetime.datetime | None = None) -> Overview:
    now = now or timezone.now()
    everything = _sums(page_id, ActionRollup.Period.ALL, "language", "country", since=ALL_TIME)
    total = _tallies((None, state, n) for _language, _country, state, n in everything)[None]
    languages = _tallies((language, state, n) for language, _country, state, n in everything)
    countries = _tallies((country, state, n) for _language, country, state, n in everything)
    return Overview(
        total=total,
        tables=[
            _states_table(total),
            _days_table(page_id, now),
            _hours_table(page_id, now),
            _languages_table(languages),
            _countries_table(countries),
        ],
    )


def _states_table(total: Tally) -> ResultsTable:
    labels = dict(Action.State.choices)
    return ResultsTable(
        slug="states",
        title=gettext_lazy("Actions by state"),
        columns=[_("State"), _("Actions")],
        rows=[[labels[state], total.by_state[state]] for state in STATES],
        note=_("Confirmation rate: %(rate)s") % {"rate": rate_text(total.confirmation_rate)},
    )


def _days_table(page_id: int, now: datetime.datetime) -> ResultsTable:
    first = day_of(hour_of(now)) - datetime.timedelta(days=DAYS - 1)
    tallies = _tallies(
        (day_of(start).date(), state, n)
        for start, state, n in _sums(page_id, ActionRollup.Period.DAY, "start", since=first)
    )
    days = [(first + datetime.timedelta(days=offset)).date() for offset in range(DAYS)]
    return ResultsTable(
        slug="days",
        title=gettext_lazy("Actions per day, last 90 days"),
        columns=[_("Day"), *state_columns()],
        rows=[[formats.date_format(day, "SHORT_DATE_FORMAT"), *tallies[day].cells()] for day in days],
        time_series=True,
    )


def _hours_table(page_id: int, now: datetime.datetime) -> ResultsTable:
    first = hour_of(now) - datetime.timedelta(hours=HOURS - 1)
    tallies = _tallies(
        (hour_of(start), state, n)
        for start, state, n in _sums(page_id, ActionRollup.Period.HOUR, "start", since=first)
    )
    hours = [first + datetime.timedelta(hours=offset) for offset in range(HOURS)]
    return ResultsTable(
        slug="hours",
        title=gettext_lazy("Actions per hour, last 48 hours"),
        columns=[_("Hour"), *state_columns()],
        rows=[
            [formats.date_format(timezone.localtime(hour), "SHORT_DATETIME_FORMAT"), *tallies[hour].cells()]
            for hour in hours
        ],
        time_series=True,
    )


def _ranked(tallies: dict[object, Tally]) -> list[tuple[object, Tally]]:
    return sorted(tallies.items(), key=lambda item: (-item[1].total, str(item[0])))


def _languages_table(tallies: dict[object, Tally]) -> ResultsTable:
    ranked = _ranked(tallies)
    return ResultsTable(
        slug="languages",
        title=gettext_lazy("Actions by language"),
        columns=[_("Language"), *state_columns(), _("Confirmation rate")],
        rows=[
            [language_name(str(code)), *tally.cells(), rate_text(tally.confirmation_rate)]
            for code, tally in ranked
        ],
        row_langs=[bcp47(str(code)) for code, _tally in ranked],
    )


def _countries_table(tallies: dict[object, Tally]) -> ResultsTable:
    ranked = _ranked(tallies)
    return ResultsTable(
        slug="countries",
        title=gettext_lazy("Actions by country given"),
        columns=[_("Country"), *state_columns(), _("Confirmation rate")],
        rows=[
            [
                country_name(str(code)) if code else _("Not given"),
                *tally.cells(),
                rate_text(tally.confirmation_rate),
            ]
            for code, tally in ranked
        ],
    )


def today_by_page(page_ids: Iterable[int], now: datetime.datetime | None = None) -> dict[int, int]:
    """Actions made today (TIME_ZONE) per page, held ones included: one query over day rows."""
    today = day_of(hour_of(now or timezone.now()))
    rows = (
        ActionRollup.objects.filter(
            period=ActionRollup.Period.DAY, start=today, page_id__in=list(page_ids), language=ANY, country=ANY
        )
        .values_list("page_id")
        .annotate(n=Sum("n"))
    )
    return {page_id: int(n or 0) for page_id, n in rows}


def flagged_total() -> int:
    """Actions held as flagged, on every page: one query over the all-time rows."""
    total = ActionRollup.objects.filter(period=ActionRollup.Period.ALL, state=Action.State.FLAGGED).aggregate(
        n=Sum("n")
    )["n"]
    return int(total or 0)


def pages_with_actions(since: datetime.datetime | None = None) -> list[int]:
    """Pages that have actions (since a day, when given): from the rollups, not the actions."""
    if since is None:
        rows = ActionRollup.objects.filter(period=ActionRollup.Period.ALL)
    else:
        rows = ActionRollup.objects.filter(
            period=ActionRollup.Period.DAY, start__gte=day_of(hour_of(since)), language=ANY, country=ANY
        )
    return sorted(set(rows.values_list("page_id", flat=True).distinct()))
