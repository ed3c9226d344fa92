"""The vocabulary of results tables: what a dashboard shows and what its CSV holds.

The results dashboard (`chorus.results`) builds its own tables from the rollups and asks
each action page for the kind's (`ActionPageMixin.results_tables()`: per target for letters,
signatures by status, type and country for a joint letter, places for a day of action), so
it imports no kind. Cells hold aggregates only, never a supporter's data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.functional import Promise

Text = str | Promise
Cell = str | int | float | Promise


@dataclass(frozen=True)
class ResultsTable:
    """One table of a dashboard: a title, column headings, rows; charted as bars.

    `slug` names its CSV (`<campaign>-<slug>.csv`) and its anchor on the page. The chart draws
    one bar per row: the label from the first column, the length from `chart_column`
    (None: no chart). `time_series` draws the bars upright, in row order (oldest first).
    """

    slug: str
    title: Text
    columns: Sequence[Text]
    rows: Sequence[Sequence[Cell]]
    chart_column: int | None = 1
    time_series: bool = False
    note: Text = ""
    # Per row, the language of its label (a language's own name, a Thai target's name), so
    # the browser and fonts shape it right; "" where it is in the staff member's language.
    row_langs: Sequence[str] = field(default_factory=tuple)


@dataclass(frozen=True)
class Attention:
    """Something on the admin home that needs a person now: "4 signatures waiting for review".

    Apps that have such a queue return these from a `chorus_needs_attention` Wagtail hook
    (`fn(request) -> list[Attention]`), so the home panel imports none of them.
    """

    label: Text
    count: int
    url: str
