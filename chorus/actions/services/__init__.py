"""The action engine: the only place actions are recorded, confirmed, flagged or reversed."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chorus.core import page_cache
from chorus.core.audit import staff
from chorus.core.crypto import normalise_email
from chorus.core.errors import UserFacingError
from chorus.core.inserts import insert_unless_conflict
from chorus.delivery.services import queue_mail
from chorus.supporters import services as supporters

from .. import anti_abuse, audit, counters, tokens
from ..mails import default_already_mail, default_confirmation_mail
from ..models import Action, ActionLog, IntakePause
from ..submissions import AlreadyMail as AlreadyMail
from ..submissions import ConfirmationMail as ConfirmationMail
from ..submissions import ConsentGiven as ConsentGiven
from ..submissions import Outcome as Outcome
from ..submissions import Submission as Submission
from ..submissions import new_submission_key as new_submission_key
from .trends import delete_old_trend_reports as delete_old_trend_reports
from .trends import report_trends

MAX_CONFIRMATION_MAILS = 2
# Mails to one address about one action, whoever fills in the form: no flooding a mailbox.
MAX_MAILS_ABOUT_AN_ACTION = 3
PAUSE_CACHE_SECONDS = 5
# Detail of the log entry when a confirmed email clears a suspicion.
CLEARED_BY_CONFIRMATION = "cleared by a confirmed email"


# Called with a new action inside its transaction: what a kind stores beside it (a signature's
# public part, a queued letter).
NewActionHook = Callable[[Action], None]


class ActionError(UserFacingError):
    """A domain error with a translated message for the person acting."""


class IntakePaused(ActionError): ...


class IntakeUnavailable(ActionError):
    """Nothing can be accepted now (no organisation key to seal personal data to)."""


def _pause_key(page_id: int) -> str:
    return f"chorus:paused:{page_id}"


def is_paused(page_id: int) -> bool:
    """Whether intake is paused; cached for at most PAUSE_CACHE_SECONDS in every process."""
    paused = cache.get(_pause_key(page_id))
    if paused is None:
        paused = IntakePause.objects.filter(page_id=page_id, paused=True).exists()
        cache.set(_pause_key(page_id), paused, PAUSE_CACHE_SECONDS)
    return bool(paused)


def set_paused(page_id: int, paused: bool, *, by: Any = None) -> None:
    """Pause or resume intake; a change (not a repeat) goes into the campaign's audit log."""
    with transaction.atomic():
        before = IntakePause.objects.select_for_update().filter(page_id=page_id).first()
        IntakePause.objects.update_or_create(page_id=page_id, defaults={"paused": paused, "changed_by": by})
        if (before is not None and before.paused) != paused:
            audit.log_intake(page_id, paused, by=by)
    cache.delete(_pause_key(page_id))
    transaction.on_commit(lambda: cache.delete(_pause_key(page_id)))
    page_cache.invalidate_on_commit()  # the form, or the notice instead, is on cached pages


def _queue_confirmation(action: Action, email: str, build: ConfirmationMail) -> None:
    if action.confirmation_mails >= MAX_CONFIRMATION_MAILS or action.state not in {
        Action.State.PENDING,
        Action.State.FLAGGED,
    }:
        return
    number = action.confirmation_mails + 1
    queue_mail(
        kind="confirmation",
        mail=build(action, email, tokens.confirm_url(action)),
        # The random part keeps Message-IDs unique across reinstalls and restored backups.
        idempotency_key=f"confirm-{action.pk}-{number}-{secrets.token_hex(6)}",
        action=action,
    )
    Action.objects.filter(pk=action.pk).update(confirmation_mails=number)
    action.confirmation_mails = number


def _queue_already(action: Action, email: str, build: AlreadyMail) -> None:
    """Tell `email` that it has acted here already (with the confirmation link while the action
    is unconfirmed): the only answer that differs for an address that has acted."""
    gone = action.state == Action.State.INVALIDATED or action.purged_at
    if gone or action.confirmation_mails >= MAX_MAILS_ABOUT_AN_ACTION:
        return
    number = action.confirmation_mails + 1
    confirm = tokens.confirm_url(action) if action.confirmed_at is None else ""
    queue_mail(
        kind="notification",
        # To the mailbox the blind index names, never to a variant typed (an invented +tag).
        mail=build(action, normalise_email(email), confirm),
        idempotency_key=f"already-{action.pk}-{number}-{secrets.token_hex(6)}",
        action=action,
    )
    Action.objects.filter(pk=action.pk).update(confirmation_mails=number)
    action.confirmation_mails = number


def record_action(
    submission: Submission,
    *,
    confirmation_mail: ConfirmationMail = default_confirmation_mail,
    already_mail: AlreadyMail = default_already_mail,
    with_action: NewActionHook | None = None,
    before: Callable[[], None] | None = None,
) -> Outcome:
    """Record one action, safely and exactly once.

    In one transaction: the supporter by blind index, the action row with its sealed details,
    the anti-abuse verdict, consent records, the outbox row and the send task of the mail it
    implies, the counter and rollups, and what the kind stores beside the action
    (`with_action`, called with a new action only). On the happy path that is one statement
    each and no savepoint (docs/architecture.md, "Intake in one short transaction"). `before`
    runs first in the same transaction: a kind's check that must hold until the action commits
    (a place at an event, under its row lock); an ActionError from it records nothing.

    A replayed or concurrent duplicate returns the action already recorded (and may send one
    more confirmation mail, up to MAX_CONFIRMATION_MAILS). Another form with an address that
    has acted here records nothing either: only a mail to it says so (`already_mail`);
    callers answer as for a new one. A flagged action is stored and answered like any other.
    """
    if is_paused(submission.page_id):
        raise IntakePaused(_("This action is paused at the moment. Please try again later."))
    try:
        sealed = supporters.seal_details(submission.details) if submission.details else (None, None)
    except supporters.NoOrganisationKey as error:  # one family of errors for every kind's form
        raise IntakeUnavailable(error.message) from error
    try:
        with transaction.atomic():
            if before is not None:
                before()
            return _record(submission, sealed, confirmation_mail, already_mail, with_action)
    except IntegrityError:
        # A concurrent purge removed the supporter this action was to name: record once more.
        with transaction.atomic():
            if before is not None:
                before()
            return _record(submission, sealed, confirmation_mail, already_mail, with_action)


def _existing(submission: Submission) -> tuple[Action | None, bool]:
    """The action this submission repeats, and whether it is the same form (not only the same address)."""
    same = Action.objects.filter(page_id=submission.page_id, submission_key=submission.submission_key)
    replay = same.first()
    if replay is not None or not submission.email:
        return replay, replay is not None
    supporter = supporters.find_supporter(submission.email)
    if supporter is None:
        return None, False
    return Action.objects.filter(page_id=submission.page_id, supporter=supporter).first(), False


def tell_already_acted(submission: Submission, already_mail: AlreadyMail = default_already_mail) -> bool:
    """Mail the address if it has acted here (a kind refusing everyone alike, e.g. a full event)."""
    if not submission.email:
        return False
    with transaction.atomic():
        existing, same_form = _existing(submission)
        if existing is None or same_form:
            return False
        action = Action.objects.select_for_update().get(pk=existing.pk)
        _queue_already(action, submission.email, already_mail)
    return True


def _record(
    submission: Submission,
    sealed: tuple[Any, Any],
    confirm: ConfirmationMail,
    already: AlreadyMail,
    with_action: NewActionHook | None,
) -> Outcome:
    supporter = supporters.get_or_create_supporter(submission.email) if submission.email else None
    retention = submission.retention_days or settings.CHORUS_RETENTION_DAYS
    action = Action(
        page_id=submission.page_id,
        kind=submission.kind,
        supporter=supporter,
        state=Action.State.PENDING,
        language=submission.language,
        country=submission.country.upper()[:2],
        sealed_details=sealed[0],
        sealed_with=sealed[1],
        submission_key=submission.submission_key,
        retain_until=timezone.now() + timedelta(days=retention),
        # Written with the row rather than updated after it: no statement more on the hot path.
        counted_as=counters.bucket_for(Action.State.PENDING),
        confirmation_mails=1 if supporter is not None else 0,
    )
    # Dedup and insert in one statement: the form's key or the person has acted here already.
    if not insert_unless_conflict(action):
        return _repeat(submission, confirm, already)

    # Judged only for new actions: a replayed form is not a second attempt to be rate-limited.
    verdict = anti_abuse.assess(
        submission.signals, page_id=submission.page_id, email=submission.email or None
    )
    report_trends(submission.page_id, verdict.trends)
    if verdict.flagged:  # off the happy path: a statement more to hold it
        action.state, action.flag_reason = Action.State.FLAGGED, verdict.reason
        action.counted_as = counters.bucket_for(action.state)
        action.save(update_fields=["state", "flag_reason", "counted_as"])
        ActionLog.objects.create(action=action, event=ActionLog.Event.FLAGGED, detail=verdict.reason)
    if action.counted_as:
        counters.add(action.page_id, action.counted_as, 1)
    counters.roll(action)
    if supporter is not None:
        supporters.record_consents(supporter, action, submission.consents, submission.language)
        if submission.subscribe_updates:
            supporters.subscribe_to_updates(
                supporter, action, submission.email, submission.language, action.retain_until
            )
        queue_mail(
            kind="confirmation",
            mail=confirm(action, submission.email, tokens.confirm_url(action)),
            idempotency_key=f"confirm-{action.pk}-1-{secrets.token_hex(6)}",
            action=action,
        )
    if with_action is not None:
        with_action(action)
    return Outcome(action, created=True)


def _repeat(submission: Submission, confirm: ConfirmationMail, already: AlreadyMail) -> Outcome:
    """The answer to a form, or an address, that has acted here already."""
    existing, same_form = _existing(submission)
    if existing is None:  # the conflicting row went away since (a purge): rare, so simply retry
        raise IntegrityError("the conflicting action is gone")
    if submission.email and same_form:
        _queue_confirmation(existing, submission.email, confirm)
    elif submission.email:
        _queue_already(existing, submission.email, already)
    return Outcome(existing, created=False, same_form=same_form)


# Called after an action is confirmed (inside the transaction), e.g. to release letters.
ConfirmHook = Callable[[Action], None]
_confirm_hooks: dict[str, list[ConfirmHook]] = {}


def on_confirm(kind: str, hook: ConfirmHook) -> None:
    """Register what a kind of action does once confirmed (called from AppConfig.ready)."""
    _confirm_hooks.setdefault(kind, []).append(hook)


def confirmable_action(token: str) -> Action | None:
    """The action a confirmation link names, if the link still stands (for the page it opens)."""
    action_id = tokens.read_confirm_token(token)
    if action_id is None:
        return None
    action = Action.objects.filter(pk=action_id).first()
    if action is None or action.state == Action.State.INVALIDATED or action.purged_at:
        return None
    return action


def confirm_action(token: str) -> Action:
    """Confirm the action a confirmation link names. Only a POST calls this."""
    action_id = tokens.read_confirm_token(token)
    if action_id is None:
        raise ActionError(_("This confirmation link is invalid or has expired."))
    with transaction.atomic():
        action = Action.objects.select_for_update().filter(pk=action_id).first()
        if action is None or action.state == Action.State.INVALIDATED or action.purged_at:
            raise ActionError(_("This confirmation link is invalid or has expired."))
        if action.confirmed_at is not None:
            return action
        old_state = action.state
        action.confirmed_at = timezone.now()
        cleared = action.state == Action.State.FLAGGED and anti_abuse.is_soft(action.flag_reason)
        if action.state == Action.State.PENDING or cleared:
            # A confirmed email outweighs a suspicion (a fast fill, a busy address), never a
            # certain sign of a bot: those stay held for staff.
            action.state = Action.State.CONFIRMED
            action.flag_reason = ""
            counters.move(action, counters.bucket_for(action.state))
            counters.roll(action, old_state)
        action.save(update_fields=["confirmed_at", "state", "flag_reason", "counted_as"])
        ActionLog.objects.create(action=action, event=ActionLog.Event.CONFIRMED)
        if cleared:
            ActionLog.objects.create(
                action=action, event=ActionLog.Event.UNFLAGGED, detail=CLEARED_BY_CONFIRMATION
            )
        if action.state == Action.State.CONFIRMED:
            for hook in _confirm_hooks.get(action.kind, []):
                hook(action)
    return action


def unflag_action(action_id: int, *, by: Any = None) -> Action:
    """Staff reverse a flag: the action counts from now on, as confirmed if it was confirmed."""
    with transaction.atomic():
        action = Action.objects.select_for_update().get(pk=action_id)
        if action.state != Action.State.FLAGGED:
            return action
        flagged_for = action.flag_reason
        action.state = Action.State.CONFIRMED if action.confirmed_at else Action.State.PENDING
        action.flag_reason = ""
        counters.move(action, counters.bucket_for(action.state))
        counters.roll(action, Action.State.FLAGGED)
        action.save(update_fields=["state", "flag_reason", "counted_as"])
        ActionLog.objects.create(action=action, event=ActionLog.Event.UNFLAGGED, actor=by)
        audit.log_on_actions(
            [action], audit.ACTION_COUNT, by=by, data={"flag_reason": flagged_for, "state": action.state}
        )
        if action.state == Action.State.CONFIRMED:
            for hook in _confirm_hooks.get(action.kind, []):
                hook(action)
    return action


def _each_flagged(action_ids: Sequence[int], change: Callable[..., Any], by: Any) -> int:
    """Apply `change` to each of these actions that is flagged, in one transaction; how many."""
    changed = 0
    with transaction.atomic():
        # One lock order for every caller, so two staff reviewing overlapping sets cannot deadlock.
        for action_id in sorted(set(action_ids)):
            action = Action.objects.select_for_update().filter(pk=action_id).first()
            if action is not None and action.state == Action.State.FLAGGED:
                change(action_id, by=by)
                changed += 1
    return changed


def unflag_actions(action_ids: Sequence[int], *, by: Any = None) -> int:
    """Staff count many flagged actions at once; returns how many were flagged and now count."""
    return _each_flagged(action_ids, unflag_action, by)


def invalidate_flagged_actions(action_ids: Sequence[int], *, by: Any = None) -> int:
    """Staff invalidate many flagged actions at once; returns how many were flagged and are now invalid."""
    return _each_flagged(action_ids, invalidate_action, by)


def flag_action(action_id: int, reason: str, *, by: Any = None) -> Action:
    with transaction.atomic():
        action = Action.objects.select_for_update().get(pk=action_id)
        if action.state == Action.State.FLAGGED:
            return action
        old_state, action.state = action.state, Action.State.FLAGGED
        action.flag_reason = reason[:32]
        counters.move(action, "")
        counters.roll(action, old_state)
        action.save(update_fields=["state", "flag_reason", "counted_as"])
        ActionLog.objects.create(action=action, event=ActionLog.Event.FLAGGED, detail=reason[:64], actor=by)
    return action


def invalidate_action(action_id: int, *, by: Any = None) -> Action:
    with transaction.atomic():
        action = Action.objects.select_for_update().get(pk=action_id)
        before = {"state_before": action.state, "flag_reason": action.flag_reason}
        old_state, action.state = action.state, Action.State.INVALIDATED
        counters.move(action, "")
        counters.roll(action, old_state)
        action.save(update_fields=["state", "counted_as"])
        ActionLog.objects.create(action=action, event=ActionLog.Event.INVALIDATED, actor=by)
        if staff(by) is not None:  # not a supporter cancelling their own RSVP
            audit.log_on_actions([action], audit.ACTION_INVALIDATE, by=by, data=before)
    return action
