"""Bar charts as plain SVG drawn on the server: no script, no third-party code, printable.

`bar_chart(table)` turns a `ResultsTable` into the geometry the template
`results/includes/chart.html` draws: one bar per row, labelled with the row's first cell
(in its own `lang`, so the browser shapes Thai, Khmer and CJK text with the right fonts).
Time series stand upright in row order with a few dates under them; other tables lie down,
longest first as the table orders them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.formats import number_format

from chorus.actions.results import ResultsTable

WIDTH = 720
# Lying charts sit beside their table, in half the width: drawn narrower, their text stays legible.
LYING_WIDTH = 480
LABEL_WIDTH = 180
ROW_HEIGHT = 26
COLUMN_AREA_HEIGHT = 180
MAX_TICKS = 6


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    value_text: str
    x: float
    y: float
    width: float
    height: float
    lang: str = ""

    @property
    def label_x(self) -> float:
        return self.x - 8

    @property
    def text_y(self) -> float:
        return self.y + 14

    @property
    def value_x(self) -> float:
        return round(self.x + self.width + 6, 2)


@dataclass(frozen=True)
class Tick:
    label: str
    x: float


@dataclass(frozen=True)
class Chart:
    upright: bool
    width: int
    height: int
    bars: list[Bar]
    ticks: list[Tick]
    peak_text: str
    baseline: float

    @property
    def tick_y(self) -> float:
        return self.baseline + 18


def _number(value: object) -> int:
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return 0


def bar_chart(table: ResultsTable) -> Chart | None:
    """The chart of a table, or None when it has no chart column or no rows."""
    if table.chart_column is None or not table.rows:
        return None
    column = table.chart_column
    values = [_number(row[column]) for row in table.rows]
    labels = [str(row[0]) for row in table.rows]
    langs = list(table.row_langs) or [""] * len(labels)
    peak = max([*values, 1])
    if table.time_series:
        return _upright(labels, values, peak)
    return _lying(labels, values, langs, peak)


def _upright(labels: list[str], values: list[int], peak: int) -> Chart:
    step = WIDTH / len(values)
    gap = min(2.0, step / 4)
    bars = []
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        height = COLUMN_AREA_HEIGHT * value / peak
        bars.append(
            Bar(
                label=label,
                value=value,
                value_text=number_format(value, force_grouping=True),
                x=round(index * step + gap / 2, 2),
                y=round(20 + COLUMN_AREA_HEIGHT - height, 2),
                width=round(step - gap, 2),
                height=round(height, 2),
            )
        )
    every = max(1, math.ceil(len(values) / MAX_TICKS))
    ticks = [Tick(labels[index], round(index * step, 2)) for index in range(0, len(values), every)]
    return Chart(
        upright=True,
        width=WIDTH,
        height=20 + COLUMN_AREA_HEIGHT + 30,
        bars=bars,
        ticks=ticks,
        peak_text=number_format(peak, force_grouping=True),
        baseline=20 + COLUMN_AREA_HEIGHT,
    )


def _lying(labels: list[str], values: list[int], langs: list[str], peak: int) -> Chart:
    room = LYING_WIDTH - LABEL_WIDTH - 60
    bars = [
        Bar(
            label=label,
            value=value,
            value_text=number_format(value, force_grouping=True),
            x=LABEL_WIDTH,
            y=index * ROW_HEIGHT + 4,
            width=round(max(room * value / peak, 1 if value else 0), 2),
            height=ROW_HEIGHT - 8,
            lang=lang,
        )
        for index, (label, value, lang) in enumerate(zip(labels, values, langs, strict=True))
    ]
    return Chart(
        upright=False,
        width=LYING_WIDTH,
        height=len(bars) * ROW_HEIGHT + 4,
        bars=bars,
        ticks=[],
        peak_text=number_format(peak, force_grouping=True),
        baseline=0,
    )
