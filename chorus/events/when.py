"""An event's date and time as a reader sees it: in the event's own time zone, written the way
the reader's language writes dates (CLDR patterns via Babel), with the zone's name."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from babel import dates as babel_dates
from django.utils import translation

from .models import EventPage

# Django language codes → CLDR locale identifiers.
_CLDR = {"zh-hans": "zh_Hans", "zh-hant": "zh_Hant"}


def cldr_locale(language: str | None = None) -> str:
    code = language or translation.get_language() or "en"
    return _CLDR.get(code, code.replace("-", "_"))


def utc_offset(moment: datetime) -> str:
    """ "UTC+07:00", "UTC−03:30", "UTC" for the offset of an aware datetime."""
    offset = moment.utcoffset()
    if not offset:
        return "UTC"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


@dataclass(frozen=True)
class When:
    date: str  # "Sunday, December 20, 2026" in the reader's language
    start_time: str
    end: str  # "" | "1:30 PM" (same day) | "Monday, December 21, 2026 1:30 PM"
    zone_name: str  # "Indochina Time", in the reader's language
    offset: str  # "UTC+07:00"
    time_zone: str  # "Asia/Bangkok"
    short_date: str  # "Dec 20, 2026", for lists

    @property
    def text(self) -> str:
        """One line: date, times and zone, for plain-text places (mails, calendar descriptions)."""
        times = f"{self.start_time} – {self.end}" if self.end else self.start_time
        return f"{self.date}, {times} ({self.zone_name}, {self.offset})"


def when(event: EventPage, language: str | None = None) -> When:
    locale = cldr_locale(language)
    zone = event.zone
    start = event.local_start
    end = event.local_end
    end_text = ""
    if end is not None:
        end_time = babel_dates.format_time(end, "short", tzinfo=zone, locale=locale)
        if end.date() == start.date():
            end_text = end_time
        else:
            end_text = f"{babel_dates.format_date(end.date(), 'full', locale=locale)} {end_time}"
    return When(
        date=babel_dates.format_date(start.date(), "full", locale=locale),
        start_time=babel_dates.format_time(start, "short", tzinfo=zone, locale=locale),
        end=end_text,
        zone_name=babel_dates.get_timezone_name(start, "long", locale=locale),
        offset=utc_offset(start),
        time_zone=event.time_zone,
        short_date=babel_dates.format_date(start.date(), "medium", locale=locale),
    )
