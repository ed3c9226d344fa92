"""The calendar file of an event (RFC 5545): one VEVENT with its VTIMEZONE.

Times carry the event's own zone (DTSTART;TZID=Asia/Bangkok), so a calendar shows the event
at the right moment wherever the reader is. The UID is the same in every language, so adding
the Thai and the English file gives one event, updated rather than duplicated.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from html import unescape as unescape_entities

from django.utils import timezone
from django.utils.html import strip_tags
from icalendar import Calendar, Event

from .models import EventPage
from .when import when


def _plain(html: str) -> str:
    text = html.replace("</p>", "</p>\n\n").replace("<br/>", "\n").replace("<br>", "\n")
    return "\n".join(line.strip() for line in unescape_entities(strip_tags(text)).strip().splitlines())


def event_uid(event: EventPage) -> str:
    return f"event-{event.translation_key}@chorus"


def event_calendar(event: EventPage, *, url: str, language: str, now: datetime | None = None) -> bytes:
    """The .ics file of `event` in its translation's language, as UTF-8 bytes."""
    calendar = Calendar()
    calendar.add("prodid", "-//Chorus//Days of action//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")

    vevent = Event()
    vevent.add("uid", event_uid(event))
    vevent.add("dtstamp", (now or timezone.now()).astimezone(UTC))
    vevent.add("dtstart", event.local_start)
    if event.local_end is not None:
        vevent.add("dtend", event.local_end)
    vevent.add("summary", event.title)
    location = ", ".join(part for part in [event.place_name, " ".join(event.address.split())] if part.strip())
    if location:
        vevent.add("location", location)
    description = [
        part
        for part in [event.summary.strip(), _plain(event.description), when(event, language).text, url]
        if part
    ]
    vevent.add("description", "\n\n".join(description))
    vevent.add("url", url)
    if event.last_published_at:
        vevent.add("last-modified", event.last_published_at.astimezone(UTC))
    calendar.add_component(vevent)
    # The VTIMEZONE from the tz database, spanning the event (calendars need it for TZID).
    start_year = event.local_start.year
    calendar.add_missing_timezones(
        first_date=date(start_year - 1, 1, 1), last_date=date(start_year + 2, 1, 1)
    )
    return calendar.to_ical()
