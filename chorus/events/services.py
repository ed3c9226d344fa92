"""RSVPs to days of action: the capacity rule around the action engine.

An RSVP is an action of kind "rsvp". Places are counted like any action count: pending and
confirmed RSVPs count, flagged and invalidated ones do not. The capacity check and the
recording happen in one transaction holding a lock on the event's row, so two people
answering at once cannot both take the last place.
"""

from __future__ import annotations

import math
from datetime import datetime

from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from chorus.actions import tokens
from chorus.actions.models import Action
from chorus.actions.services import ActionError, ConfirmationMail, Outcome, Submission, record_action
from chorus.delivery.services import Mail

from .models import EventPage


class RSVPClosed(ActionError):
    """The event has started (or RSVPs are switched off): nothing is recorded."""


class EventFull(ActionError):
    """Every place is taken: nothing is recorded."""


def taken_places(action_page_id: int) -> int:
    """The exact number of RSVPs that hold a place (pending or confirmed, not flagged or invalidated)."""
    return Action.objects.filter(
        page_id=action_page_id, state__in=[Action.State.PENDING, Action.State.CONFIRMED]
    ).count()


def retention_days_for(event: EventPage, now: datetime | None = None) -> int:
    """Days from now until RSVP details are deleted: the event's end plus its retention days."""
    remaining = (event.finishes_at - (now or timezone.now())).total_seconds() / 86400
    return max(1, math.ceil(remaining) + event.retention_days)


def rsvp_confirmation_mail(event: EventPage) -> ConfirmationMail:
    """The confirmation mail builder for RSVPs to `event` (wording in the RSVP's language)."""

    def build(action: Action, email: str, confirm_url: str) -> Mail:
        with translation.override(action.language), timezone.override(event.zone):
            when = formats.date_format(timezone.localtime(event.starts_at), "DATETIME_FORMAT")
            title = _event_title(event, action.language)
            return Mail(
                to=email,
                subject=_("Please confirm your RSVP: %(title)s") % {"title": title},
                body=_(
                    "Thank you for letting us know you are coming to “%(title)s” (%(when)s, %(zone)s).\n\n"
                    "Please open this link and press the button on the page to confirm:\n%(url)s\n\n"
                    "The link works for %(days)s days. If this was not you, ignore this mail "
                    "and nothing more will happen."
                )
                % {
                    "title": title,
                    "when": when,
                    "zone": event.time_zone,
                    "url": confirm_url,
                    "days": tokens.CONFIRM_DAYS,
                },
            )

    return build


def _event_title(event: EventPage, language: str) -> str:
    if event.locale.language_code == language:
        return event.title
    translated = (
        EventPage.objects.filter(
            translation_key=event.translation_key, locale__language_code=language, live=True
        )
        .values_list("title", flat=True)
        .first()
    )
    return translated or event.title


def record_rsvp(event: EventPage, submission: Submission, *, now: datetime | None = None) -> Outcome:
    """Record one RSVP, if the event has not started and a place is free.

    Raises RSVPClosed or EventFull (translated messages) and then records nothing. A replay of
    the same form is answered with the RSVP already recorded, even when the event is now full.
    """
    now = now or timezone.now()
    if not event.rsvp_enabled or event.has_started(now):
        raise RSVPClosed(_("This event has already started, so it no longer takes RSVPs."))
    with transaction.atomic():
        if event.capacity:
            # The lock: every RSVP to this event queues here until the one before it commits.
            list(
                EventPage.objects.select_for_update(of=("self",))
                .filter(pk=event.action_page_id)
                .values_list("pk", flat=True)
            )
            replay = Action.objects.filter(
                page_id=submission.page_id, submission_key=submission.submission_key
            ).exists()
            if not replay and taken_places(event.action_page_id) >= event.capacity:
                raise EventFull(
                    _("This event is full: all %(capacity)s places are taken. Nothing was recorded.")
                    % {"capacity": event.capacity}
                )
        return record_action(submission, confirmation_mail=rsvp_confirmation_mail(event))
