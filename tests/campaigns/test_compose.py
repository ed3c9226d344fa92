"""Composing letters: languages, placeholders, the personal paragraph, mail links, tokens."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from chorus.letters.compose import (
    SupporterInput,
    compose_letters,
    fill,
    letter_setup,
    letter_text,
    paragraphs_of,
)
from chorus.letters.mailto import MAILTO_LIMIT, mail_link
from chorus.letters.tokens import LETTER_TOKEN_SECONDS, letter_token, read_letter_token
from chorus.typesetting.services import LetterData

from .conftest import target, translation_of

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 28)
MALEE = SupporterInput(name="มาลี ศรีสุข", city="เชียงใหม่", country="TH", personal="ฉันเห็นเพื่อนถูกส่งกลับ")


def test_each_target_gets_the_letter_in_its_first_language_the_campaign_has(letter_campaign) -> None:
    setup = letter_setup(translation_of(letter_campaign, "ko"))
    assert setup.page.pk == letter_campaign.pk  # settings and actions come from the original page
    languages = {t.email.split("@")[0]: setup.letter_language(t) for t in setup.targets}
    assert languages == {"ambassador": "th", "minister": "ko", "asiapacific": "en", "coordinator": "km"}


def test_a_letter_uses_the_targets_translation_and_the_supporters_words(letter_campaign) -> None:
    setup = letter_setup(letter_campaign)
    (ambassador,) = compose_letters(setup, MALEE, "ko", DAY, targets=[target("ambassador")])
    letter = ambassador.letter
    assert letter.language == "th"
    assert letter.salutation == "เรียน ท่านเอกอัครราชทูต"  # the Thai translation's own salutation
    assert letter.recipient_lines[0] == "นางพิมพ์ชนก สุวรรณรัตน์"
    assert letter.sender_lines == ["มาลี ศรีสุข", "เชียงใหม่", "ไทย"]  # the country in Thai
    assert letter.date_text == "28 พฤศจิกายน 2569"
    assert letter.signature == "มาลี ศรีสุข"
    assert "ฉันเห็นเพื่อนถูกส่งกลับ" in letter.paragraphs  # where {personal_paragraph} stands
    assert letter.paragraphs.index("ฉันเห็นเพื่อนถูกส่งกลับ") == 2
    assert any("เอกอัครราชทูตแห่งราชอาณาจักรไทยประจำออสเตรเลีย" in p for p in letter.paragraphs)  # {target_title}
    # The Korean reader gets the same letter composed from the Korean page.
    assert ambassador.translation is not None and ambassador.translation.language == "ko"
    assert ambassador.translation.sender_lines[-1] == "태국"
    assert "ฉันเห็นเพื่อนถูกส่งกลับ" in ambassador.translation.paragraphs


def test_no_translation_when_the_reader_reads_the_letters_language(letter_campaign) -> None:
    setup = letter_setup(letter_campaign)
    (letter,) = compose_letters(setup, MALEE, "th", DAY, targets=[target("ambassador")])
    assert letter.translation is None


def test_without_a_personal_paragraph_its_place_disappears(letter_campaign) -> None:
    setup = letter_setup(letter_campaign)
    plain = SupporterInput(name="Jamie Lee")
    (letter,) = compose_letters(setup, plain, "en", DAY, targets=[target("asiapacific")])
    assert "{personal_paragraph}" not in letter_text(letter.letter)
    assert len(letter.letter.paragraphs) == 4
    assert letter.letter.sender_lines == ["Jamie Lee"]


def test_an_edited_body_keeps_its_placeholders_and_gets_the_personal_paragraph_last(letter_campaign) -> None:
    setup = letter_setup(letter_campaign)
    edited = SupporterInput(
        name="Jamie Lee",
        personal="My own words.",
        bodies={"en": "Hello {target_title}.\n\nKeep {braces} and {target_name!r} as typed."},
    )
    (letter,) = compose_letters(setup, edited, "th", DAY, targets=[target("asiapacific")])
    assert letter.letter.paragraphs == [
        "Hello Regional Director.",
        "Keep {braces} and {target_name!r} as typed.",
        "My own words.",
    ]


def test_fill_replaces_only_known_placeholders() -> None:
    assert (
        fill("{supporter_name} {unknown} {{supporter_name}}", {"supporter_name": "김"}) == "김 {unknown} {김}"
    )
    assert paragraphs_of("a\r\n\r\n\r\nb\n \nc") == ["a", "b", "c"]


def _letter(language: str = "th", **changes: object) -> LetterData:
    base = {
        "language": language,
        "sender_organisation": "Riverlight Collective",
        "sender_lines": ["มาลี ศรีสุข"],
        "recipient_lines": ["김지현", "외교부 장관"],
        "date_text": "28 พฤศจิกายน 2569",
        "salutation": "เรียน ท่านรัฐมนตรี",
        "paragraphs": ["สวัสดี & <b>ครับ</b>?"],
        "closing": "ขอแสดงความนับถือ",
        "signature": "มาลี ศรีสุข",
        "subject": "เรื่อง: ทดสอบ & ลอง",
    }
    base.update(changes)
    return LetterData(**base)  # type: ignore[arg-type]


def test_a_short_letter_goes_whole_into_the_mail_link() -> None:
    link = mail_link(_letter(), "hello@mekong-workers.example")
    assert not link.shortened
    parts = urlsplit(link.url)
    assert parts.scheme == "mailto" and unquote(parts.path) == "hello@mekong-workers.example"
    query = parse_qs(parts.query)
    assert query["subject"] == ["เรื่อง: ทดสอบ & ลอง"]
    body = query["body"][0]
    assert body.startswith("เรียน ท่านรัฐมนตรี\r\n\r\nสวัสดี & <b>ครับ</b>?\r\n\r\n")
    assert body.endswith("ขอแสดงความนับถือ\r\nมาลี ศรีสุข\r\n")
    assert "+" not in parts.query  # spaces are %20: mail programs do not read + as a space


def test_a_long_letter_gets_a_short_note_and_stays_under_the_limit() -> None:
    long = _letter(paragraphs=["ข้าพเจ้าเขียนจดหมายฉบับนี้ถึงท่าน" * 12] * 3)
    link = mail_link(long)
    assert link.shortened
    assert len(link.url) <= MAILTO_LIMIT
    body = parse_qs(urlsplit(link.url).query)["body"][0]
    assert body.startswith("เรียน ท่านรัฐมนตรี") and "มาลี ศรีสุข" in body
    assert "ข้าพเจ้าเขียนจดหมาย" not in body


def test_even_an_absurd_subject_keeps_the_link_under_the_limit() -> None:
    link = mail_link(_letter(subject="ก" * 400, paragraphs=["ข" * 500]))
    assert link.shortened and len(link.url) <= MAILTO_LIMIT


def test_a_letter_token_round_trips_and_refuses_tampering_expiry_and_other_campaigns() -> None:
    letter = _letter()
    token = letter_token(letter, page_id=7, filename="safe-passage", paper="a4", now=1_000_000)
    assert "มาลี".encode() not in token.encode() and "malee" not in token
    found = read_letter_token(token, page_id=7, now=1_000_000 + 60)
    assert found is not None and found.letter == letter and found.filename == "safe-passage"
    assert read_letter_token(token, page_id=8, now=1_000_060) is None
    assert read_letter_token(token, page_id=7, now=1_000_000 + LETTER_TOKEN_SECONDS + 1) is None
    flipped = token[:20] + ("A" if token[20] != "A" else "B") + token[21:]
    assert read_letter_token(flipped, page_id=7, now=1_000_060) is None
    for junk in ("", "not a token", "%%%", token[:-10]):
        assert read_letter_token(junk, page_id=7) is None


def test_a_token_for_a_long_thai_letter_fits_comfortably_in_a_form(letter_campaign) -> None:
    setup = letter_setup(letter_campaign)
    wordy = SupporterInput(name="มาลี ศรีสุข", personal="ข้าพเจ้าเห็นเพื่อนถูกส่งกลับบ้านโดยไม่ได้ค่าจ้าง " * 30)
    letters = compose_letters(setup, wordy, "th", DAY)
    sizes = [len(letter_token(item.letter, page_id=1, filename="x", paper="a4")) for item in letters]
    # Compressed, then base64: a few kilobytes, in a POST body (never a URL).
    assert max(sizes) < 8000, sizes
