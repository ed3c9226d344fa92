"""`{% upcoming_events_list %}`: the "Coming up" list for any page (the home page, for one)."""

from __future__ import annotations

from typing import Any

from django import template

from ..listings import HOME_UPCOMING, events_index_for, upcoming_events

register = template.Library()


@register.inclusion_tag("events/includes/upcoming.html", takes_context=True)
def upcoming_events_list(context: dict[str, Any], limit: int = HOME_UPCOMING) -> dict[str, Any]:
    request = context.get("request")
    events = upcoming_events(request, limit)
    return {
        "request": request,
        "upcoming_events": events,
        "events_index": events_index_for(request) if events else None,
    }
