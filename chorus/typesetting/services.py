"""Letters: the public API of the app (rendering only; nothing here changes state).

    letter = LetterData(language="th", ..., date_text=format_letter_date(day, "th"))
    render_letter_pdf(letter, paper="a4")        # bytes of a PDF (typst)
    render_letter_docx(letter, paper="us-letter")  # bytes of a DOCX (python-docx)
    render_letters_pdf([letter, ...])              # one PDF, each letter from a new page

Errors a person can meet (missing fonts, an unknown language or paper size) are
`UserFacingError`s with a translated message.
"""

from __future__ import annotations

from .data import PAPER_SIZES, LetterData, UnsupportedPaper
from .dates import format_letter_date
from .fonts import MissingFonts
from .languages import LANGUAGES, UnsupportedLanguage
from .pdf import TypesettingFailed, render_letter_pdf, render_letters_pdf
from .word import render_letter_docx

__all__ = [
    "LANGUAGES",
    "PAPER_SIZES",
    "LetterData",
    "MissingFonts",
    "TypesettingFailed",
    "UnsupportedLanguage",
    "UnsupportedPaper",
    "format_letter_date",
    "render_letter_docx",
    "render_letter_pdf",
    "render_letters_pdf",
]
