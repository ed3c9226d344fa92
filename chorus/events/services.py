"""RSVPs to days of action: the capacity rule around the action engine.

An RSVP is an action of kind "rsvp". Places are counted like any action count: pending and
confirmed RSVPs count, flagged and invalidated ones do not. The capacity check and the
recording happen in one transaction holding a lock on the event's row, so two people
answering at once cannot both take the last place.
"""

from __future__ import annotations

import base64
import math
from datetime import datetime
from urllib.parse import urlencode

from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from chorus.actions import anti_abuse, tokens
from chorus.actions.mails import already_mail_ending
from chorus.actions.models import Action
from chorus.actions.services import (
    ActionError,
    AlreadyMail,
    ConfirmationMail,
    Outcome,
    Submission,
    invalidate_action,
    record_action,
    tell_already_acted,
)
from chorus.core.urls import public_url
from chorus.delivery.services import Mail

from .ics import event_calendar
from .models import EventPage


class RSVPClosed(ActionError):
    """The event has started (or RSVPs are switched off): nothing is recorded."""


class EventFull(ActionError):
    """Every place is taken: nothing is recorded."""


class CancelError(ActionError):
    """A cancel link that does not work (any more): nothing changes."""


# RSVPs that hold a place: pending or confirmed ones, and those with an email held only on a
# suspicion (a fast fill) that confirming will clear; otherwise confirming could overbook.
HOLDING_A_PLACE = Q(state__in=[Action.State.PENDING, Action.State.CONFIRMED]) | Q(
    state=Action.State.FLAGGED,
    flag_reason__in=anti_abuse.SOFT_REASONS,
    confirmed_at__isnull=True,
    supporter__isnull=False,
)


def taken_places(action_page_id: int) -> int:
    """The exact number of RSVPs that hold a place (not those held as bots, nor invalidated)."""
    return Action.objects.filter(HOLDING_A_PLACE, page_id=action_page_id).count()


def retention_days_for(event: EventPage, now: datetime | None = None) -> int:
    """Days from now until RSVP details are deleted: the event's end plus its retention days."""
    remaining = (event.finishes_at - (now or timezone.now())).total_seconds() / 86400
    return max(1, math.ceil(remaining) + event.retention_days)


def calendar_attachment(event: EventPage, language: str) -> tuple[str, str, str]:
    """The event's .ics file in `language` (its translation, if live) as a mail attachment:
    (file name, base64 content, MIME type), the shape the outbox stores (encrypted)."""
    page = _event_in(event, language) or event
    body = event_calendar(page, url=public_url(page), language=page.locale.language_code)
    return (f"{page.slug or 'event'}.ics", base64.b64encode(body).decode("ascii"), "text/calendar")


def rsvp_confirmation_mail(event: EventPage) -> ConfirmationMail:
    """The confirmation mail builder for RSVPs to `event` (wording in the RSVP's language),
    with the event's calendar file attached in that language."""

    def build(action: Action, email: str, confirm_url: str) -> Mail:
        with translation.override(action.language), timezone.override(event.zone):
            when = formats.date_format(timezone.localtime(event.starts_at), "DATETIME_FORMAT")
            title = _event_title(event, action.language)
            return Mail(
                attachments=[calendar_attachment(event, action.language)],
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
                }
                + "\n\n"
                + _("Can you not come after all? Please free your place for someone else:\n%(url)s")
                % {"url": cancel_url(event, action)}
                + "\n\n"
                + _("The attached file (.ics) adds the event to your calendar."),
            )

    return build


def rsvp_already_mail(event: EventPage) -> AlreadyMail:
    """The mail to an address that is on the list already, when someone (probably its owner)
    RSVPs with it again: the page answered as for a new RSVP; only this mail says so, with the
    cancel link (and the confirmation link while the RSVP is unconfirmed)."""

    def build(action: Action, email: str, confirm_url: str) -> Mail:
        with translation.override(action.language), timezone.override(event.zone):
            when = formats.date_format(timezone.localtime(event.starts_at), "DATETIME_FORMAT")
            title = _event_title(event, action.language)
            return Mail(
                to=email,
                subject=_("You are already on the list: %(title)s") % {"title": title},
                body=_(
                    "You are already on the list for “%(title)s” (%(when)s, %(zone)s), so nothing new "
                    "was recorded and your place is kept.\n\n"
                    "Cannot come after all? To cancel, press the button at:\n%(url)s"
                )
                % {"title": title, "when": when, "zone": event.time_zone, "url": cancel_url(event, action)}
                + "\n\n"
                + already_mail_ending(confirm_url),
            )

    return build


# --- cancelling ------------------------------------------------------------------------------

_CANCEL_SALT = "chorus.events.cancel"


def cancel_token(action: Action) -> str:
    """A signed link token naming the RSVP (and a few characters of its submission key, so it
    can never name a later row that reuses the id). Nothing is stored for it."""
    return signing.dumps({"a": action.pk, "k": action.submission_key[:12]}, salt=_CANCEL_SALT, compress=True)


def cancel_url(event: EventPage, action: Action) -> str:
    """The absolute cancel link, on the event page in the RSVP's language (when translated)."""
    page = _event_in(event, action.language) or event
    url = public_url(page).rstrip("/") + "/"
    return f"{url}{page.reverse_subpage('cancel')}?{urlencode({'token': cancel_token(action)})}"


def _rsvp_for(event: EventPage, token: str) -> Action:
    """The RSVP a cancel token names, if it belongs to this event; CancelError otherwise."""
    invalid = CancelError(_("This link does not work. Please use the link from your RSVP email."))
    try:
        value = signing.loads(token, salt=_CANCEL_SALT)
    except signing.BadSignature as error:
        raise invalid from error
    if (
        not isinstance(value, dict)
        or not isinstance(value.get("a"), int)
        or not isinstance(value.get("k"), str)
    ):
        raise invalid
    action = Action.objects.filter(
        pk=value["a"], page_id=event.action_page_id, kind=Action.Kind.RSVP, purged_at__isnull=True
    ).first()
    if action is None or action.submission_key[:12] != value["k"]:
        raise invalid
    return action


def rsvp_to_cancel(event: EventPage, token: str, *, now: datetime | None = None) -> Action:
    """What the cancel page shows: the RSVP, or CancelError (bad link, event started)."""
    action = _rsvp_for(event, token)
    if event.has_started(now or timezone.now()) and action.state != Action.State.INVALIDATED:
        raise CancelError(_("This event has already started, so RSVPs can no longer be cancelled here."))
    return action


def cancel_rsvp(event: EventPage, token: str, *, now: datetime | None = None) -> bool:
    """Cancel the RSVP the token names: its place is free again at once. Only a POST calls this.

    Returns False when it was already cancelled. Raises CancelError (nothing changes) for a
    link that does not work or once the event has started.
    """
    with transaction.atomic():
        action = rsvp_to_cancel(event, token, now=now)
        if action.state == Action.State.INVALIDATED:
            return False
        invalidate_action(action.pk)
        # Unlinked from the person, so that changing their mind again makes a new RSVP (one
        # action per person and page) instead of being told they are "already on the list".
        Action.objects.filter(pk=action.pk).update(supporter=None)
    return True


def _event_in(event: EventPage, language: str) -> EventPage | None:
    if event.locale.language_code == language:
        return event
    return (
        EventPage.objects.filter(
            translation_key=event.translation_key, locale__language_code=language, live=True
        )
        .select_related("locale")
        .first()
    )


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


def holds_place(action_page_id: int, submission: Submission) -> bool:
    """Whether this very form already holds a place (a replay: the same browser)."""
    held = Action.objects.filter(HOLDING_A_PLACE, page_id=action_page_id)
    return held.filter(submission_key=submission.submission_key).exists()


def record_rsvp(event: EventPage, submission: Submission, *, now: datetime | None = None) -> Outcome:
    """Record one RSVP, if the event has not started and a place is free.

    Raises RSVPClosed or EventFull (translated messages) and then records nothing. A replay of
    the same form is answered with the RSVP already recorded (Outcome.created is False), even
    when the event is now full. A new form with an address already on the list records nothing
    either and is answered exactly like a new RSVP — or, when the event is full, like anyone
    else's — while that address alone is told by mail (with its cancel link).
    """
    now = now or timezone.now()
    if not event.rsvp_enabled or event.has_started(now):
        raise RSVPClosed(_("This event has already started, so it no longer takes RSVPs."))
    already = rsvp_already_mail(event)
    mail = rsvp_confirmation_mail(event)
    if not event.capacity:  # no place to claim: the engine's transaction alone
        return record_action(submission, confirmation_mail=mail, already_mail=already)
    full = EventFull(
        _("This event is full: all %(capacity)s places are taken. Nothing was recorded.")
        % {"capacity": event.capacity}
    )

    def claim_a_place() -> None:
        # The lock: every RSVP to this event queues here until the one before it commits.
        list(
            EventPage.objects.select_for_update(of=("self",))
            .filter(pk=event.action_page_id)
            .values_list("pk", flat=True)
        )
        if (
            not holds_place(event.action_page_id, submission)
            and taken_places(event.action_page_id) >= event.capacity
        ):
            raise full

    try:
        return record_action(submission, confirmation_mail=mail, already_mail=already, before=claim_a_place)
    except EventFull:
        # Full: refused alike for everyone; an address on the list hears by mail that its place is kept.
        tell_already_acted(submission, already)
        raise
