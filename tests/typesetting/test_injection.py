"""Whatever a supporter types is printed as they typed it: never typst markup, never HTML."""

from __future__ import annotations

import pytest

from chorus.typesetting.examples import example_letter
from chorus.typesetting.services import render_letter_docx, render_letter_pdf

from .helpers import docx_paragraphs, docx_xml, page_sizes, pdf_text

TYPST_METACHARACTERS = "#$*_[]\\@<>`~=-+/'\""

PAYLOADS = [
    TYPST_METACHARACTERS,
    "a#b c$d e*f g_h i[j k]l m\\n o@p q<r s>t u`v",
    '#read("/etc/passwd")',
    '#eval("1 + 1")',
    '#import "/etc/hostname": *',
    "#set text(fill: red, size: 40pt)",
    '#{ panic("stop") }',
    "#pagebreak() #pagebreak()",
    "$ sum_(i=1)^n i $",
    "*bold* and _emphasis_ and `raw`",
    "```py print(1) ```",
    "= Heading",
    "- a list item",
    "@citation <label>",
    "// a comment /* and a block",
    "[link text](https://example.org) ]] [[",
    "\\u{41} \\#escaped \\",
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '"><svg/onload=alert(document.cookie)>',
    "javascript:alert(1)",
    "<iframe src=\"javascript:alert('x')\"></iframe>",
    "<a href='//evil.example'>click</a>",
    "&lt;b&gt; &amp; &#x3C;script&#x3E;",
    "<!-- hidden --> <![CDATA[ x ]]>",
    "'; DROP TABLE actions_action; --",
    "{{ 7*7 }} {% debug %} ${7*7}",
    "%s %(name)s {0} %n",
    "]]></w:t><w:t>injected",
    "ข้อความ #แท็ก *ตัวหนา* <b>ไทย</b>",
    "김철수 [링크] $수식$ <i>한국어</i>",
]


@pytest.fixture(scope="module")
def letter_with_payloads() -> tuple[bytes, bytes]:
    letter = example_letter(
        "en",
        paragraphs=PAYLOADS,
        subject=PAYLOADS[1],
        salutation=PAYLOADS[16],
        recipient_lines=PAYLOADS[2:6],
        sender_lines=[PAYLOADS[6], PAYLOADS[17]],
        closing=PAYLOADS[18],
        signature=PAYLOADS[19],
        sender_organisation=PAYLOADS[20],
    )
    return render_letter_pdf(letter), render_letter_docx(letter)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_is_printed_verbatim_in_the_pdf(
    letter_with_payloads: tuple[bytes, bytes], payload: str
) -> None:
    lines = [line.strip() for line in pdf_text(letter_with_payloads[0], layout=True).splitlines()]

    assert payload in lines


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_is_printed_verbatim_in_the_docx(
    letter_with_payloads: tuple[bytes, bytes], payload: str
) -> None:
    texts = [line for paragraph in docx_paragraphs(letter_with_payloads[1]) for line in paragraph.split("\n")]

    assert payload in texts


def test_payloads_have_no_effect(letter_with_payloads: tuple[bytes, bytes]) -> None:
    code = ['#read("/etc/passwd")', "#pagebreak() #pagebreak()", "#set page(height: 5cm)"]
    pdf = render_letter_pdf(example_letter("en", paragraphs=code))

    assert "root:" not in pdf_text(pdf)  # /etc/passwd was not read
    assert page_sizes(pdf) == [(595.3, 841.9)]  # one A4 page: no page breaks, no page setting
    xml = docx_xml(letter_with_payloads[1])
    assert "<script>" not in xml
    assert "<w:t>injected" not in xml
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in xml


def test_control_characters_are_dropped_not_fatal() -> None:
    """XML cannot hold NUL or most C0 controls: a pasted one must not break the DOCX (or the PDF)."""
    name = "Nok\x00 Sa\x0bwang\x1b\ud800"
    letter = example_letter("th", signature=name, sender_lines=[name])

    assert "Nok Sawang" in pdf_text(render_letter_pdf(letter)).splitlines()
    assert docx_paragraphs(render_letter_docx(letter))[-1] == "Nok Sawang"
