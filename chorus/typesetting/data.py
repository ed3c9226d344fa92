"""What a letter says, independent of its format."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

from chorus.core.errors import UserFacingError

PAPER_SIZES = ("a4", "us-letter")


@dataclass(frozen=True)
class LetterData:
    """One personalised letter, as plain text. Nothing in it is markup: every field is printed
    exactly as given, in the PDF and in the DOCX."""

    language: str  # Django code of the letter's language: en, zh-hans, zh-hant, th, ko, km
    sender_organisation: str  # letterhead line (the organisation's name)
    sender_lines: list[str]  # supporter's name, city, country under the letterhead
    recipient_lines: list[str]  # target's name, title, organisation, postal address lines
    date_text: str  # already formatted in the letter's locale by `format_letter_date()`
    salutation: str  # "Your Excellency," / "เรียน ท่านเอกอัครราชทูต" ...
    paragraphs: list[str]  # body paragraphs (a supporter's personal paragraph included)
    closing: str  # "Yours sincerely," / "ขอแสดงความนับถือ" ...
    signature: str  # the supporter's name
    subject: str = ""  # optional subject line, printed in bold above the salutation


class UnsupportedPaper(UserFacingError):
    pass


def check_paper(paper: str) -> str:
    if paper not in PAPER_SIZES:
        raise UnsupportedPaper(
            _("The paper size must be A4 or US Letter, not “%(paper)s”.") % {"paper": paper}
        )
    return paper


# C0/C1 control characters other than tab and newline: XML (so DOCX) cannot hold them and
# a PDF would show them as boxes. Lone surrogates cannot be encoded at all.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Text as it will be printed: NFC (so Thai and Khmer clusters compare and shape the same
    whatever keyboard typed them), Windows and old-Mac newlines as "\\n", no control characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", _CONTROL.sub("", text))


def clean_line(text: str) -> str:
    """A single line (an address line, a name): newlines become spaces."""
    return " ".join(clean_text(text).split("\n")).strip()
