"""The date line, in each language's own long format."""

from __future__ import annotations

import datetime

import pytest

from chorus.typesetting.services import UnsupportedLanguage, format_letter_date

DAY = datetime.date(2026, 11, 28)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "28 November 2026"),
        ("th", "28 พฤศจิกายน 2569"),  # Buddhist era, as Thai official letters write it
        ("km", "28 វិច្ឆិកា 2026"),
        ("zh-hans", "2026年11月28日"),
        ("zh-hant", "2026年11月28日"),
        ("ko", "2026년 11월 28일"),
    ],
)
def test_letter_date(language: str, expected: str) -> None:
    assert format_letter_date(DAY, language) == expected


def test_thai_year_turns_with_the_gregorian_year() -> None:
    assert format_letter_date(datetime.date(2027, 1, 1), "th") == "1 มกราคม 2570"


def test_unknown_language() -> None:
    with pytest.raises(UnsupportedLanguage):
        format_letter_date(DAY, "de")
