"""Delivery bundles: the PDF staff print and hand over (a cover letter, then the signatories).
This module typesets one; services/bundles.py changes state (asks for one, builds it in a task,
records progress, deletes old ones).

Memory stays flat however long the list: typst lays out a whole document in memory, so the
list is typeset in parts of about CHUNK_ROWS rows, read from the database with `.iterator()`,
and each part's pages are appended to the file on disk as soon as it is typeset
(pdf_concat.PdfAppender). Page numbers run on across the parts. See docs/benchmarks.md.

What is printed comes from the campaign page (`bundle_plan()`, see chorus.campaigns.bundling):
approved signatures of confirmed, unpurged actions only; for a petition, the confirmed signers
who chose to show a name (and the total count of confirmed signers), and optionally approved
comments.
"""

from __future__ import annotations

import datetime
import json
import logging
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import typst
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import Page

from chorus.campaigns.models import CampaignPage
from chorus.core.errors import UserFacingError
from chorus.typesetting.dates import format_letter_date
from chorus.typesetting.fonts import prepare_font_folder
from chorus.typesetting.languages import LATIN, letter_language
from chorus.typesetting.pdf_concat import PdfAppender

from .models import DeliveryBundle

logger = logging.getLogger(__name__)

TEMPLATE = Path(__file__).resolve().parent / "typst" / "bundle.typ"
# Rows per typeset part: typst keeps about ten compiles' worth of layout in its caches, so
# this bounds the memory (measured in bench/bundle: 250 rows keep 10,000 signatories flat).
CHUNK_ROWS = 150
# A part is cut at a country boundary once it has CHUNK_ROWS rows, or mid-country at this many.
_MAX_ROWS = 2 * CHUNK_ROWS


class BundleNotPossible(UserFacingError):
    pass


# -- The typst compiler of the process ------------------------------------------------------


@dataclass
class _TypstState:
    compiler: typst.Compiler | None = None


_state = _TypstState()
_lock = threading.Lock()


def _compiler() -> typst.Compiler:
    if _state.compiler is None:
        fonts = typst.Fonts(
            include_system_fonts=False, include_embedded_fonts=False, font_paths=[prepare_font_folder()]
        )
        _state.compiler = typst.Compiler(
            TEMPLATE, root=TEMPLATE.parent, font_paths=fonts, ignore_system_fonts=True
        )
    return _state.compiler


def _typeset(inputs: dict[str, str]) -> bytes:
    with _lock:
        pdf, warnings = _compiler().compile_with_warnings(format="pdf", sys_inputs=inputs, pdf_tags=False)
    for warning in warnings:
        logger.warning("typst (bundle): %s", warning.message)
    if not isinstance(pdf, bytes):
        raise TypeError("typst returned no PDF")
    return pdf


# -- What is printed -------------------------------------------------------------------------


class _Paragraphs(HTMLParser):
    """Wagtail rich text → plain paragraphs (list items marked with a bullet)."""

    BLOCKS = frozenset({"p", "h2", "h3", "h4", "li", "blockquote", "div"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.current: list[str] = []

    def _close(self) -> None:
        text = " ".join("".join(self.current).split())
        if text:
            self.paragraphs.append(text)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCKS:
            self._close()
            if tag == "li":
                self.current.append("• ")
        elif tag == "br":
            self._close()

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCKS:
            self._close()

    def handle_data(self, data: str) -> None:
        self.current.append(data)


def letter_paragraphs(html: str) -> list[str]:
    parser = _Paragraphs()
    parser.feed(html)
    parser.close()
    parser._close()
    return parser.paragraphs


def _style(language: str) -> dict[str, Any]:
    profile = letter_language(language)
    fonts: list[str | dict[str, str]] = list(profile.typst_fonts())
    if profile.is_cjk:
        fonts.insert(0, {"name": LATIN, "covers": "latin-in-cjk"})
    return {
        "lang": profile.typst_lang,
        "region": profile.typst_region,
        "fonts": fonts,
        "justify": profile.justify,
        "leading": profile.leading_em,
        "spacing": profile.leading_em + 0.5,
        "cjk_latin_spacing": profile.is_cjk,
    }


def _campaign(page_id: int, language: str) -> Any:
    """The campaign's translation in `language` (None if there is none)."""
    original = Page.objects.get(pk=page_id)
    return (
        CampaignPage.objects.filter(translation_key=original.translation_key, locale__language_code=language)
        .select_related("locale")
        .specific()
        .first()
    )


def bundle_languages(page_id: int) -> list[str]:
    """Languages the campaign is written in: the cover letter can be in any of them."""
    original = Page.objects.get(pk=page_id)
    present = set(
        CampaignPage.objects.filter(translation_key=original.translation_key).values_list(
            "locale__language_code", flat=True
        )
    )
    return [code for code, _name in settings.LANGUAGES if code in present]


@dataclass
class _Plan:
    """Everything printed, except the rows themselves, which are read as they are typeset."""

    meta: dict[str, Any]
    total: int
    rows: Iterator[list[str]] = field(repr=False)


def _plan(bundle: DeliveryBundle, today: datetime.date) -> _Plan:
    """What the bundle prints; call with the bundle's language active. The campaign's page in
    that language says what its kind prints (`bundle_plan()`); this module knows no kind."""
    language = bundle.language
    campaign = _campaign(bundle.page_id, language)
    if campaign is None:
        raise BundleNotPossible(_("The campaign has no translation in this language."))
    plan = campaign.bundle_plan(include_comments=bundle.include_comments)
    if plan is None:
        raise BundleNotPossible(_("This campaign collects neither petition nor joint letter signatures."))
    site = campaign.get_site()
    organisation = (site.site_name if site is not None else "") or settings.CHORUS_SITE_NAME
    meta: dict[str, Any] = {
        "style": _style(language),
        "labels": {"page": _("Page {page}")},
        "title": campaign.title,
        "organisation": organisation,
        "date": format_letter_date(today, language),
        "recipient": plan.recipient,
        "paragraphs": letter_paragraphs(plan.letter_html),
        "kind": campaign.bundle_kind,
        "summary": plan.summary,
    }
    return _Plan(meta, plan.total, plan.rows)


def _parts(rows: Iterator[list[str]]) -> Iterator[tuple[list[list[str]], int]]:
    """Rows in parts of about CHUNK_ROWS: (the rows, how many of them are people or comments).
    A part ends before a country heading once it is full, or mid-country at _MAX_ROWS; then the
    next part repeats the country and group headings, marked as continued."""
    part: list[list[str]] = []
    people = 0
    country: list[str] | None = None
    group: list[str] | None = None
    for row in rows:
        kind = row[0]
        if kind in ("country", "section") and len(part) >= CHUNK_ROWS:
            yield part, people
            part, people = [], 0
        elif len(part) >= _MAX_ROWS:
            yield part, people
            part, people = [], 0
            continued = _("%(heading)s (continued)")
            if country is not None:
                part.append([country[0], continued % {"heading": country[1]}])
            if group is not None and kind != "group":
                part.append([group[0], continued % {"heading": group[1]}])
        if kind in ("country", "section"):
            country, group = row, None
        elif kind == "group":
            group = row
        else:
            people += 1
        part.append(row)
    if part:
        yield part, people


def render_bundle(
    bundle: DeliveryBundle, output: Path, progress: Callable[..., None], *, today: datetime.date | None = None
) -> int:
    """Typeset the bundle into `output`, calling `progress(total=…, done=…)` as parts are
    written (it may raise to stop). Returns the number of pages."""
    with translation.override(bundle.language):
        plan = _plan(bundle, today or timezone.localdate())
        progress(total=plan.total, done=0)
        meta = json.dumps(plan.meta, ensure_ascii=False)
        with output.open("wb") as file:
            pdf = PdfAppender(file)
            pdf.append(_typeset({"meta": meta, "rows": "[]", "cover": "1", "first_page": "1"}))
            done = 0
            for part, people in _parts(plan.rows):
                inputs = {
                    "meta": meta,
                    "rows": json.dumps(part, ensure_ascii=False),
                    "cover": "0",
                    "first_page": str(pdf.pages + 1),
                }
                pdf.append(_typeset(inputs))
                done += people
                progress(done=done)
            pdf.finish(title=plan.meta["title"], language=letter_language(bundle.language).typst_lang)
    return pdf.pages
