"""The date line of a letter, written the way the letter's language writes it."""

from __future__ import annotations

import datetime

from babel.dates import format_date

from .languages import letter_language

# Thai official correspondence (the Regulation on Correspondence, ระเบียบงานสารบรรณ) dates a
# letter with the day, the full month name and the Buddhist-era year, without an era label:
# "28 พฤศจิกายน 2569". CLDR's Thai long format is Gregorian with "ค.ศ.", which reads as foreign.
BUDDHIST_ERA_OFFSET = 543


def format_letter_date(day: datetime.date, language: str) -> str:
    """The long date in the letter's language: "28 November 2026", "28 พฤศจิกายน 2569",
    "2026年11月28日", "2026년 11월 28일", "28 វិច្ឆិកា 2026".

    English uses the day-month-year order of British and Australian English, which reads
    unambiguously everywhere (the organisations using Chorus write to embassies and UN agencies).
    """
    profile = letter_language(language)
    if profile.code == "th":
        day_and_month = format_date(day, "d MMMM", locale=profile.cldr_locale)
        return f"{day_and_month} {day.year + BUDDHIST_ERA_OFFSET}"
    return format_date(day, "long", locale=profile.cldr_locale)
