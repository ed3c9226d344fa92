"""Letters as PDF, typeset by typst.

One `typst.Compiler` lives for the whole process: it parses the template and loads the fonts
once, and keeps typst's caches warm: a letter then costs 5–10 ms of CPU instead of half a second
(`typst.compile()` rescans every system font each time; see docs/benchmarks.md).
The compiler is not safe to use from two threads at once, so a lock serialises compiles
(gunicorn's sync workers have one thread; the test server and the task worker may have more).

Letters reach typst as JSON in `sys.inputs`, and the template shows every value as text, so
nothing a supporter types can become typst markup.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typst
from django.utils.translation import gettext as _

from chorus.core.errors import UserFacingError

from .data import LetterData, check_paper, clean_line, clean_text
from .fonts import prepare_font_folder
from .languages import LATIN, letter_language

logger = logging.getLogger(__name__)

TEMPLATE = Path(__file__).resolve().parent / "templates" / "letter.typ"


class TypesettingFailed(UserFacingError):
    pass


@dataclass
class _TypstState:
    compiler: typst.Compiler | None = None


_state = _TypstState()
_lock = threading.Lock()


def _compiler() -> typst.Compiler:
    """The process's compiler, made at first use (call with the lock held).

    Made lazily, not at import, so a gunicorn master that preloads the app does not hand a
    half-used compiler to forked workers, and so missing fonts fail a render, not start-up.
    """
    if _state.compiler is None:
        folder = prepare_font_folder()
        # Only our folder: no system fonts (hundreds of files to scan) and not typst's built-in
        # serif and maths fonts, so a family name that does not resolve shows up as a warning.
        fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=[folder])
        _state.compiler = typst.Compiler(
            TEMPLATE, root=TEMPLATE.parent, font_paths=fonts, ignore_system_fonts=True
        )
    return _state.compiler


def _letter_json(letter: LetterData) -> dict[str, Any]:
    profile = letter_language(letter.language)
    fonts: list[str | dict[str, str]] = list(profile.typst_fonts())
    if profile.is_cjk:
        # Latin letters and digits from Noto Sans, but CJK punctuation and quotes from the CJK
        # face: typst's "latin-in-cjk" coverage does exactly that split.
        fonts.insert(0, {"name": LATIN, "covers": "latin-in-cjk"})
    return {
        "style": {
            "lang": profile.typst_lang,
            "region": profile.typst_region,
            "fonts": fonts,
            "justify": profile.justify,
            "leading": profile.leading_em,
            "spacing": profile.leading_em + 0.5,
            "cjk_latin_spacing": profile.is_cjk,
        },
        "sender_organisation": clean_line(letter.sender_organisation),
        "sender_lines": [clean_line(line) for line in letter.sender_lines if line.strip()],
        "recipient_lines": [clean_line(line) for line in letter.recipient_lines if line.strip()],
        "date": clean_line(letter.date_text),
        "subject": clean_line(letter.subject),
        "salutation": clean_line(letter.salutation),
        "paragraphs": [clean_text(text).strip() for text in letter.paragraphs if text.strip()],
        "closing": clean_text(letter.closing).strip(),
        "signature": clean_line(letter.signature),
    }


def letters_document(letters: Sequence[LetterData], paper: str) -> str:
    """The JSON document the template reads (also used by the benchmark's bare compile)."""
    check_paper(paper)
    entries = [_letter_json(letter) for letter in letters]
    if len(entries) == 1:
        title = entries[0]["subject"] or entries[0]["sender_organisation"]
        author = entries[0]["signature"]
    else:
        title = author = entries[0]["sender_organisation"] if entries else ""
    return json.dumps(
        {"paper": paper, "title": title, "author": author, "letters": entries}, ensure_ascii=False
    )


def compile_document(document: str) -> bytes:
    """Typeset a document made by `letters_document()` with the process's compiler."""
    with _lock:
        compiler = _compiler()
        try:
            pdf, warnings = compiler.compile_with_warnings(format="pdf", sys_inputs={"data": document})
        except typst.TypstError:
            logger.exception("typst could not typeset a letter")
            raise TypesettingFailed(_("The letter could not be typeset. Please try again later.")) from None
    for warning in warnings:  # e.g. "unknown font family": the template and the fonts disagree
        logger.warning("typst: %s", warning.message)
    if not isinstance(pdf, bytes):  # a multi-page PNG/SVG export would be a list; PDF is one file
        raise TypeError("typst returned no PDF")
    return pdf


def render_letter_pdf(letter: LetterData, paper: str = "a4") -> bytes:
    """One letter as a PDF on A4 ("a4") or US Letter ("us-letter") paper."""
    return compile_document(letters_document([letter], paper))


def render_letters_pdf(letters: Sequence[LetterData], paper: str = "a4") -> bytes:
    """Many letters in one PDF, each starting on a new page (a target's daily digest, a
    printed bundle). Each letter keeps its own language and fonts."""
    if not letters:
        raise ValueError("render_letters_pdf needs at least one letter")
    return compile_document(letters_document(letters, paper))
