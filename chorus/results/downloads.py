"""Every dashboard table as a CSV file that spreadsheets open safely and in every script.

UTF-8 with a byte-order mark, so Excel reads Thai, Khmer and CJK text instead of guessing a
legacy code page; text cells that a spreadsheet would take for a formula (starting with
`= + - @`, a TAB or a CR) get a leading `'`, as `chorus export` does. Numbers stay numbers.
The tables hold aggregates only, so a download carries no supporter's data.
"""

from __future__ import annotations

import csv
import io

from chorus.actions.results import Cell, ResultsTable

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Cell) -> str | int | float:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_bytes(table: ResultsTable) -> bytes:
    """The table's header and rows as CSV bytes (UTF-8 with BOM, CRLF line ends)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(column) for column in table.columns])
    for row in table.rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return (BOM + out.getvalue()).encode("utf-8")
