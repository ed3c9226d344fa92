"""What a campaign page tells the delivery bundle (handover/) to print.

The bundle is the PDF staff print and hand over: the campaign's cover letter, a summary line,
then the list. Handover knows no kind: it asks the page in the bundle's language for its
`bundle_plan()`, which returns a `BundlePlan` (or None for a kind that makes no bundle).

The list is a stream of rows, each a list of strings, read from the database as they are
typeset (so memory stays flat however long the list):
- `["country", name]` or `["section", heading]`: starts a part of the list;
- `["group", heading]`: a heading inside it (an organisation type, "Individuals");
- `["signer", name, detail]`: one signatory (detail: city, website, role; may be empty);
- `["comment", name, detail, text]`: an approved comment.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass
class BundlePlan:
    """What the bundle prints after the title, organisation and date."""

    # The cover letter (rich text HTML), and to whom it is addressed (may be empty).
    letter_html: str
    recipient: str
    # One line of counts under the letter, in the bundle's language.
    summary: str
    # How many rows are people or comments: the progress the admin page shows counts to it.
    total: int
    rows: Iterator[list[str]] = field(repr=False)


def join_line(*parts: str) -> str:
    """Parts of one printed line, without the empty ones: "Bangkok · example.org"."""
    return " · ".join(part for part in parts if part)
