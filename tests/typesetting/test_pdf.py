"""Letters as PDF: the right names in the right script, the right fonts, paper and pages."""

from __future__ import annotations

import contextlib
import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from pythainlp.tokenize import word_tokenize

from chorus.typesetting import pdf as letters_pdf
from chorus.typesetting.examples import example_letter
from chorus.typesetting.services import (
    MissingFonts,
    UnsupportedLanguage,
    UnsupportedPaper,
    render_letter_pdf,
    render_letters_pdf,
)
from tests.concurrency import collide, rounds

from .helpers import ink, page_image, page_sizes, pdf_fonts, pdf_text

A4 = (595.3, 841.9)
US_LETTER = (612.0, 792.0)


@pytest.mark.parametrize(
    ("language", "supporter", "target", "date"),
    [
        ("th", "สมชาย ใจดี", "นายประเสริฐ วงศ์ใหญ่", "28 พฤศจิกายน 2569"),
        ("ko", "김철수", "박지훈 대사", "2026년 11월 28일"),
        ("zh-hans", "王小明", "李华 大使", "中华人民共和国驻澳大利亚大使馆"),
        ("zh-hant", "陳美玲", "林志明 大使", "駐澳大利亞臺北經濟文化辦事處"),
        ("en", "Alex Morgan", "H.E. Ms Nicha Wongsa", "28 November 2026"),
    ],
)
def test_pdf_text_has_the_supporter_and_the_target_in_their_script(
    language: str, supporter: str, target: str, date: str
) -> None:
    text = pdf_text(render_letter_pdf(example_letter(language)))

    lines = [line.strip() for line in text.splitlines()]
    assert supporter in lines  # the sender block and the signature
    assert lines.count(supporter) == 2
    assert target in lines
    assert date in text


@pytest.mark.parametrize(
    ("language", "font"),
    [
        ("th", "NotoSansThai-Regular"),
        ("km", "NotoSansKhmer-Regular"),
        ("zh-hans", "NotoSansCJKsc-Regular"),
        ("zh-hant", "NotoSansCJKtc-Regular"),
        ("ko", "NotoSansCJKkr-Regular"),
    ],
)
def test_each_language_is_drawn_with_its_own_face(language: str, font: str) -> None:
    fonts = pdf_fonts(render_letter_pdf(example_letter(language)))

    assert font in fonts
    # Han drawn with another region's face would be the wrong glyph shapes.
    assert not {name for name in fonts if "CJK" in name} - {font, font.replace("Regular", "Bold")}


def test_khmer_letter_is_drawn() -> None:
    """pdftotext garbles Khmer (clusters come out twice) even when the page is right, so this
    test looks at the rendered page instead: Khmer ink where the body is, drawn with the Khmer
    faces. The shapes themselves (subscript consonants, the pre-base ្រ) were checked by eye."""
    full = render_letter_pdf(example_letter("km"))
    bare = render_letter_pdf(example_letter("km", paragraphs=[], closing="", signature=""))

    fonts = pdf_fonts(full)
    assert {"NotoSansKhmer-Regular", "NotoSansKhmer-Bold"} <= fonts  # body and subject line
    body = (0.1, 0.39, 0.9, 0.53)  # below the salutation
    assert ink(page_image(bare), body) == 0
    assert ink(page_image(full), body) > 3000


def test_thai_lines_break_between_words() -> None:
    """Thai has no spaces between words: a long paragraph must wrap where a word ends
    (pythainlp's dictionary agrees), never inside a word or a cluster."""
    paragraph = example_letter("th").paragraphs[2]
    assert " " not in paragraph
    letter = example_letter("th", paragraphs=[paragraph], sender_lines=[], recipient_lines=[], subject="")
    text = pdf_text(render_letter_pdf(letter))

    # pdftotext repeats some Thai clusters (typst#4225), so match the line ends, not whole lines.
    lines = [line for line in text.splitlines() if line.endswith(paragraph[-6:])]
    assert len(lines) == 1
    wrapped = [line for line in text.splitlines() if line.startswith(paragraph[:6])]
    assert len(wrapped) == 1
    first_line_end = wrapped[0][-6:]
    assert paragraph.count(first_line_end) == 1
    break_at = paragraph.index(first_line_end) + len(first_line_end)
    assert 0 < break_at < len(paragraph)
    assert lines[0].startswith(paragraph[break_at : break_at + 6]) or lines[0] == paragraph[break_at:]
    boundaries = set()
    position = 0
    for word in word_tokenize(paragraph, keep_whitespace=False):
        position += len(word)
        boundaries.add(position)
    assert break_at in boundaries


@pytest.mark.parametrize(("paper", "size"), [("a4", A4), ("us-letter", US_LETTER)])
def test_paper_size(paper: str, size: tuple[float, float]) -> None:
    assert page_sizes(render_letter_pdf(example_letter("th"), paper=paper)) == [size]


def test_many_letters_each_start_on_a_new_page() -> None:
    long_letter = example_letter("en", paragraphs=example_letter("en").paragraphs * 8)
    letters = [
        example_letter("th"),
        long_letter,
        example_letter("ko"),
    ]

    pdf = render_letters_pdf(letters, paper="us-letter")

    sizes = page_sizes(pdf)
    assert len(sizes) == 4
    assert set(sizes) == {US_LETTER}
    assert pdf_text(pdf, 1, 1).strip().splitlines()[-1] == "สมชาย ใจดี"
    assert "Alex Morgan" in pdf_text(pdf, 2, 2)
    assert "Alex Morgan" in pdf_text(pdf, 3, 3)  # the long letter's second page, then
    assert pdf_text(pdf, 4, 4).strip().splitlines()[1] == "김철수"  # a new letter, a new page


def test_render_letters_needs_a_letter() -> None:
    with pytest.raises(ValueError, match="at least one"):
        render_letters_pdf([])


def test_unknown_paper_and_language_are_clear_errors() -> None:
    with pytest.raises(UnsupportedPaper, match="A4 or US Letter"):
        render_letter_pdf(example_letter("en"), paper="legal")
    with pytest.raises(UnsupportedLanguage, match="“fr”"):
        render_letter_pdf(replace(example_letter("en"), language="fr"))


@pytest.mark.parametrize(
    "locked", [pytest.param(True, id="locked"), pytest.param(False, id="canary-unlocked")]
)
def test_compiles_from_several_threads_at_once(locked: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """The test server is threaded; typst's compiler raises "Already borrowed" when two threads
    use it at once, and each letter must keep its own data. The protection is the module's
    `_lock` (a Python lock, so the canary runs on every database): without it, the threads
    collide and typst refuses."""
    render_letter_pdf(example_letter("ko"))  # the process's compiler exists before the threads start
    if not locked:
        monkeypatch.setattr(letters_pdf, "_lock", contextlib.nullcontext())

    def write(number: int) -> tuple[int, list[bytes | BaseException]]:
        written: list[bytes | BaseException] = []
        for _ in range(3):
            try:
                written.append(render_letter_pdf(example_letter("ko", signature=f"김철수 {number}")))
            except RuntimeError as error:
                written.append(error)
        return number, written

    for _ in rounds(locked):
        collision = collide(4, write, close_connections=False)
        assert collision.errors == []
        refused = [
            str(out) for _, written in collision.results for out in written if isinstance(out, Exception)
        ]
        if refused:
            break

    if not locked:
        assert "Already borrowed" in refused, (
            "the canary never saw the race: this test cannot tell a lock from none"
        )
        return
    assert refused == []
    assert len(collision.results) == 4
    for number, written in collision.results:
        assert len(written) == 3
        for pdf in written:
            assert isinstance(pdf, bytes)
            assert f"김철수 {number}" in pdf_text(pdf)


def test_missing_fonts_name_the_debian_packages(settings: Any, monkeypatch: Any, tmp_path: Path) -> None:
    settings.LETTER_FONT_DIRS = [str(tmp_path / "empty")]
    # A fresh process: no compiler yet, so the fonts are looked for.
    monkeypatch.setattr(letters_pdf._state, "compiler", None)

    with pytest.raises(MissingFonts) as raised:
        render_letter_pdf(example_letter("th"))

    message = raised.value.message
    assert "NotoSansThai-Regular.ttf" in message
    assert "NotoSansCJK-Regular.ttc" in message
    assert "fonts-noto-cjk fonts-noto-color-emoji fonts-noto-core" in message
    assert "apt-get install" in message
    assert letters_pdf._state.compiler is None  # the next request looks again


def test_missing_cjk_fonts_name_only_their_package(settings: Any, monkeypatch: Any, tmp_path: Path) -> None:
    core = tmp_path / "core"
    core.mkdir()
    for name in ("NotoSans", "NotoSansThai", "NotoSansKhmer"):
        for weight in ("Regular", "Bold"):
            (core / f"{name}-{weight}.ttf").symlink_to(f"/usr/share/fonts/truetype/noto/{name}-{weight}.ttf")
    (core / "NotoColorEmoji.ttf").symlink_to("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf")
    settings.LETTER_FONT_DIRS = [str(core)]
    monkeypatch.setattr(letters_pdf._state, "compiler", None)

    with pytest.raises(MissingFonts) as raised:
        render_letter_pdf(example_letter("ko"))

    assert raised.value.missing == ["NotoSansCJK-Regular.ttc", "NotoSansCJK-Bold.ttc"]
    assert raised.value.packages == "fonts-noto-cjk"


def test_a_long_link_wraps_inside_the_margin() -> None:
    """A pasted link has no space to break at; it must wrap rather than run off the paper,
    and still read back as one link (no invisible characters added to the text). Thai
    paragraphs are ragged-right, where typst has no emergency break of its own."""
    link = "https://example.org/campaigns/" + "a" * 150 + "/end"
    letter = example_letter("th", paragraphs=[f"ดูที่ {link} ค่ะ", "x" * 200], signature="y" * 120)
    pdf = render_letter_pdf(letter)

    right_margin = (0.91, 0.0, 1.0, 1.0)
    assert ink(page_image(pdf), right_margin) == 0
    text = pdf_text(pdf).replace("\n", "")
    assert link in text
    assert "x" * 200 in text
    assert "y" * 120 in text


@pytest.mark.parametrize("language", ["en", "th", "km", "zh-hans", "zh-hant", "ko"])
def test_typst_has_no_warnings(language: str, caplog: Any) -> None:
    """A font family the folder lacks, or a language typst does not know, is only a warning
    in typst (it falls back silently); here it fails."""
    caplog.set_level(logging.WARNING, logger="chorus.typesetting.pdf")

    render_letter_pdf(example_letter(language))

    assert caplog.records == []


def _font_types(pdf: bytes, tmp_path: Path) -> list[str]:
    import subprocess

    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True).stdout
    return [line[37:55].strip() for line in lines.splitlines()[2:]]


@pytest.mark.parametrize("language", ["en", "th", "km", "zh-hant", "ko"])
def test_an_emoji_in_a_name_is_drawn_from_the_emoji_font(language: str, tmp_path: Path) -> None:
    """Noto Color Emoji is a bitmap font: typst embeds its glyphs as a Type 3 font, which no
    other letter font is. Without the emoji font the name would print boxes (checked by eye)."""
    letter = example_letter(language)
    signed = replace(letter, signature=f"{letter.signature} 🌏✊🏽")
    assert "Type 3" in _font_types(render_letter_pdf(signed), tmp_path)
    assert "Type 3" not in _font_types(render_letter_pdf(letter), tmp_path)
