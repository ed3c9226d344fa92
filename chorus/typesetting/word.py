"""Letters as DOCX (python-docx), for supporters who want to edit before they print or send.

Word and LibreOffice choose a font per run from three slots: ascii/hAnsi (Latin), eastAsia
(Han, kana, Hangul) and cs, "complex script" (Thai, Khmer). So every run here is one script,
carries the font for its slot and a language tag: w:lang eastAsia for Chinese and Korean
(without it LibreOffice draws Han in the Japanese face), bidi for Thai and Khmer (spelling,
line breaking), and bold is set twice (w:b and w:bCs: Thai and Khmer bold only obey w:bCs).
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Inches, Length, Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from .data import LetterData, check_paper, clean_line, clean_text
from .languages import (
    COMPLEX_SCRIPT_FONTS,
    COMPLEX_SCRIPT_TAGS,
    LATIN,
    THAI,
    LetterLanguage,
    Script,
    letter_language,
    split_by_script,
)

PAGE_SIZES = {"a4": (Mm(210), Mm(297)), "us-letter": (Inches(8.5), Inches(11))}
BODY_SIZE = Pt(10.5)
ACCENT = RGBColor(0x1F, 0x4E, 0x5F)
MUTED = RGBColor(0x4A, 0x4A, 0x4A)

# The element order of w:rPr in the OOXML schema (Word rejects files that break it).
_RPR_ORDER = (
    "w:rStyle",
    "w:rFonts",
    "w:b",
    "w:bCs",
    "w:i",
    "w:iCs",
    "w:caps",
    "w:smallCaps",
    "w:strike",
    "w:dstrike",
    "w:outline",
    "w:shadow",
    "w:emboss",
    "w:imprint",
    "w:noProof",
    "w:snapToGrid",
    "w:vanish",
    "w:webHidden",
    "w:color",
    "w:spacing",
    "w:w",
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
)


def _set_property(rpr: BaseOxmlElement, tag: str, attributes: dict[str, str]) -> None:
    """Replace the child `tag` of a w:rPr, keeping the schema's element order."""
    for old in rpr.findall(qn(tag)):
        rpr.remove(old)
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(name), value)
    successors = {qn(name) for name in _RPR_ORDER[_RPR_ORDER.index(tag) + 1 :]}
    for child in rpr:
        if child.tag in successors:
            child.addprevious(element)
            return
    rpr.append(element)


def _complex_script_font(profile: LetterLanguage, script: Script) -> str:
    if script in COMPLEX_SCRIPT_FONTS:
        return COMPLEX_SCRIPT_FONTS[script]
    return profile.primary_font if profile.primary_font in COMPLEX_SCRIPT_FONTS.values() else THAI


def _complex_script_tag(profile: LetterLanguage, script: Script) -> str | None:
    if script in COMPLEX_SCRIPT_TAGS:
        return COMPLEX_SCRIPT_TAGS[script]
    return {"th": "th-TH", "km": "km-KH"}.get(profile.code)


def _style_run(rpr: BaseOxmlElement, profile: LetterLanguage, script: Script, size: Length) -> None:
    fonts = {
        "w:ascii": LATIN,
        "w:hAnsi": LATIN,
        "w:eastAsia": profile.cjk_font,
        "w:cs": _complex_script_font(profile, script),
    }
    if script is Script.CJK:
        # Quotes and dashes are shared between scripts; in a CJK run they take the CJK face.
        fonts["w:hint"] = "eastAsia"
    _set_property(rpr, "w:rFonts", fonts)
    half_points = str(round(size.pt * 2))
    _set_property(rpr, "w:sz", {"w:val": half_points})
    _set_property(rpr, "w:szCs", {"w:val": half_points})
    lang = {"w:val": profile.word_tag, "w:eastAsia": profile.word_east_asia_tag}
    bidi = _complex_script_tag(profile, script)
    if bidi:
        lang["w:bidi"] = bidi
    _set_property(rpr, "w:lang", lang)


def _write(
    paragraph: Paragraph,
    text: str,
    profile: LetterLanguage,
    *,
    bold: bool = False,
    size: Length = BODY_SIZE,
    color: RGBColor | None = None,
) -> None:
    """Add text to a paragraph, one run per script, a line break for each newline."""
    for number, line in enumerate(text.split("\n")):
        if number:
            paragraph.add_run().add_break()
        for chunk, script in split_by_script(line):
            run = paragraph.add_run(chunk)
            rpr = run._r.get_or_add_rPr()
            _style_run(rpr, profile, script, size)
            if bold:
                run.bold = True
                _set_property(rpr, "w:bCs", {})
            if color is not None:
                run.font.color.rgb = color


def _paragraph(
    document: DocumentObject,
    *,
    after: float = 0,
    before: float = 0,
    align: WD_ALIGN_PARAGRAPH | None = None,
) -> Paragraph:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(before)
    paragraph.paragraph_format.space_after = Pt(after)
    if align is not None:
        paragraph.alignment = align
    return paragraph


def _lines(
    document: DocumentObject,
    lines: Iterable[str],
    profile: LetterLanguage,
    *,
    after: float,
    align: WD_ALIGN_PARAGRAPH | None = None,
    size: Length = BODY_SIZE,
    color: RGBColor | None = None,
) -> None:
    text = "\n".join(clean_line(line) for line in lines if line.strip())
    if text:
        _write(_paragraph(document, after=after, align=align), text, profile, size=size, color=color)


def _set_up_document(document: DocumentObject, profile: LetterLanguage, paper: str) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_SIZES[paper]
    section.left_margin, section.right_margin = Mm(25), Mm(22)
    section.top_margin, section.bottom_margin = Mm(20), Mm(22)
    # The document defaults name theme fonts (which win over explicit ones) and US English:
    # replace them, so text typed into the file later gets the letter's fonts and language too.
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    rpr = rpr_default.find(qn("w:rPr")) if rpr_default is not None else None
    if rpr is not None:
        _style_run(rpr, profile, Script.OTHER, BODY_SIZE)
    normal = document.styles["Normal"]
    _style_run(normal.element.get_or_add_rPr(), profile, Script.OTHER, BODY_SIZE)
    normal.paragraph_format.line_spacing = 1.15
    core = document.core_properties
    core.language = profile.word_tag
    core.last_modified_by = ""


def render_letter_docx(letter: LetterData, paper: str = "a4") -> bytes:
    """One letter as a Word document on A4 ("a4") or US Letter ("us-letter") paper."""
    check_paper(paper)
    profile = letter_language(letter.language)
    document = Document()
    _set_up_document(document, profile, paper)
    document.core_properties.title = clean_line(letter.subject or letter.sender_organisation)
    document.core_properties.author = clean_line(letter.signature)

    _write(
        _paragraph(document, after=6),
        clean_line(letter.sender_organisation),
        profile,
        bold=True,
        size=Pt(15),
        color=ACCENT,
    )
    right = WD_ALIGN_PARAGRAPH.RIGHT
    _lines(document, letter.sender_lines, profile, after=12, align=right, size=Pt(9.5), color=MUTED)
    _lines(document, [letter.date_text], profile, after=18, align=right)
    _lines(document, letter.recipient_lines, profile, after=18)
    if letter.subject.strip():
        _write(_paragraph(document, after=12), clean_line(letter.subject), profile, bold=True)
    _lines(document, [letter.salutation], profile, after=10)
    justify = WD_ALIGN_PARAGRAPH.JUSTIFY if profile.word_justify else WD_ALIGN_PARAGRAPH.LEFT
    for text in letter.paragraphs:
        if text.strip():
            _write(_paragraph(document, after=8, align=justify), clean_text(text).strip(), profile)
    _write(_paragraph(document, before=10, after=36), clean_text(letter.closing).strip(), profile)
    _write(_paragraph(document), clean_line(letter.signature), profile)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
