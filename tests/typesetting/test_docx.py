"""Letters as DOCX: the names read back, and every run tells Word its script and language."""

from __future__ import annotations

import io

import pytest
from docx import Document
from docx.oxml.ns import qn

from chorus.typesetting.examples import example_letter
from chorus.typesetting.services import UnsupportedPaper, render_letter_docx

from .helpers import docx_paragraphs


def _runs(docx: bytes) -> list[tuple[str, dict[str, str], dict[str, str], bool, bool]]:
    """(text, rFonts attributes, lang attributes, w:b, w:bCs) of every run with text."""
    runs = []
    for paragraph in Document(io.BytesIO(docx)).paragraphs:
        for run in paragraph.runs:
            if not run.text.strip():
                continue
            rpr = run._r.rPr
            assert rpr is not None, run.text
            fonts = rpr.find(qn("w:rFonts"))
            lang = rpr.find(qn("w:lang"))
            runs.append(
                (
                    run.text,
                    {
                        key.split("}")[1]: value
                        for key, value in (fonts.attrib if fonts is not None else {}).items()
                    },
                    {
                        key.split("}")[1]: value
                        for key, value in (lang.attrib if lang is not None else {}).items()
                    },
                    rpr.find(qn("w:b")) is not None,
                    rpr.find(qn("w:bCs")) is not None,
                )
            )
    return runs


@pytest.mark.parametrize(
    ("language", "supporter", "target"),
    [
        ("th", "สมชาย ใจดี", "นายประเสริฐ วงศ์ใหญ่"),
        ("ko", "김철수", "박지훈 대사"),
        ("zh-hans", "王小明", "李华 大使"),
        ("zh-hant", "陳美玲", "林志明 大使"),
        ("km", "សុខ ស្រីពៅ", "ឯកឧត្តម ជា សុវណ្ណ"),
    ],
)
def test_docx_reads_back_with_the_names(language: str, supporter: str, target: str) -> None:
    letter = example_letter(language)
    paragraphs = docx_paragraphs(render_letter_docx(letter))

    assert paragraphs[-1] == supporter  # the signature
    assert paragraphs[1].split("\n")[0] == supporter  # under the letterhead
    assert target in paragraphs[3].split("\n")
    assert letter.paragraphs[0] in paragraphs


def test_thai_runs_are_tagged_as_thai_complex_script() -> None:
    runs = _runs(render_letter_docx(example_letter("th")))

    thai = [run for run in runs if "สมชาย" in run[0]]
    assert thai
    for _, fonts, lang, _, _ in thai:
        assert fonts["cs"] == "Noto Sans Thai"
        assert lang["bidi"] == "th-TH"
    subject = next(run for run in runs if run[0].startswith("เรื่อง"))
    assert subject[3] and subject[4]  # bold, and complex-script bold (Thai ignores w:b alone)


@pytest.mark.parametrize(
    ("language", "name", "face", "tag"),
    [
        ("ko", "김철수", "Noto Sans CJK KR", "ko-KR"),
        ("zh-hans", "王小明", "Noto Sans CJK SC", "zh-CN"),
        ("zh-hant", "陳美玲", "Noto Sans CJK TC", "zh-TW"),
    ],
)
def test_cjk_runs_carry_their_east_asian_language(language: str, name: str, face: str, tag: str) -> None:
    """Without w:lang eastAsia LibreOffice draws Han with the Japanese face."""
    runs = _runs(render_letter_docx(example_letter(language)))

    for text, fonts, lang, _, _ in runs:
        assert fonts["eastAsia"] == face, text
        assert lang["eastAsia"] == tag, text
    named = [run for run in runs if run[0] == name]
    assert len(named) == 2
    assert all(fonts.get("hint") == "eastAsia" for _, fonts, _, _, _ in named)


def test_a_name_in_another_script_gets_its_own_run() -> None:
    """A Khmer supporter writing a Korean letter: their name is a Khmer run."""
    docx = render_letter_docx(example_letter("ko", signature="សុខ ស្រីពៅ (Sok Sreypov)"))

    runs = _runs(docx)
    khmer = next(run for run in runs if run[0].startswith("សុខ"))
    assert khmer[0] == "សុខ ស្រីពៅ ("
    assert khmer[1]["cs"] == "Noto Sans Khmer"
    assert khmer[2]["bidi"] == "km-KH"
    latin = runs[-1]
    assert latin[0] == "Sok Sreypov)"
    assert latin[1]["ascii"] == "Noto Sans"
    assert docx_paragraphs(docx)[-1] == "សុខ ស្រីពៅ (Sok Sreypov)"


@pytest.mark.parametrize(("paper", "width", "height"), [("a4", 210, 297), ("us-letter", 215.9, 279.4)])
def test_docx_paper_size(paper: str, width: float, height: float) -> None:
    section = Document(io.BytesIO(render_letter_docx(example_letter("ko"), paper=paper))).sections[0]

    assert section.page_width is not None and section.page_height is not None
    assert section.page_width.mm == pytest.approx(width, abs=0.05)
    assert section.page_height.mm == pytest.approx(height, abs=0.05)


def test_docx_defaults_follow_the_letter_language() -> None:
    """Text typed into the file later is Thai-ready too: no theme fonts, the letter's language."""
    document = Document(io.BytesIO(render_letter_docx(example_letter("th"))))
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert defaults is not None
    fonts = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    lang = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")

    assert fonts is not None and lang is not None
    assert fonts.get(qn("w:cs")) == "Noto Sans Thai"
    assert fonts.get(qn("w:asciiTheme")) is None
    assert lang.get(qn("w:bidi")) == "th-TH"
    assert document.core_properties.language == "th-TH"
    assert document.core_properties.author == "สมชาย ใจดี"


def test_docx_unknown_paper_is_a_clear_error() -> None:
    with pytest.raises(UnsupportedPaper):
        render_letter_docx(example_letter("en"), paper="a5")
