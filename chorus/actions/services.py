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
from chorus.delivery.services import queue_mail
from chorus.supporters import services as supporters

from . import anti_abuse, audit, counters, tokens
from .mails import default_already_mail, default_confirmation_mail
from .models import Action, ActionLog, IntakePause, TrendReport
from .submissions import AlreadyMail as AlreadyMail
from .submissions import ConfirmationMail as ConfirmationMail
from .submissions import ConsentGiven as ConsentGiven
from .submissions import Outcome as Outcome
from .submissions import Submission as Submission
from .submissions import new_submission_key as new_submission_key

MAX_CONFIRMATION_MAILS = 2
# Mails to one address about one action, whoever fills in the form: no flooding a mailbox.
MAX_MAILS_ABOUT_AN_ACTION = 3
PAUSE_CACHE_SECONDS = 5
# While a trend lasts its report is rewritten at least this often (and whenever it grows a tenth).
TREND_WRITE_SECONDS = 30
# Detail of the log entry when a confirmed email clears a suspicion.
CLEARED_BY_CONFIRMATION = "cleared by a confirmed email"


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
) -> Outcome:
    """Record one action, safely and exactly once.

    In one transaction: the anti-abuse verdict, the supporter by blind index, the action row
    with its sealed details, consent records, the outbox rows for the mails it implies and
    the counter update. The send task is enqueued on commit. A replayed or concurrent
    duplicate returns the action already recorded (and may send one more confirmation mail,
    up to MAX_CONFIRMATION_MAILS). Another form with an address that has acted here records
    nothing either: only a mail to it says so (`already_mail`); callers answer as for a new one.
    A flagged action is stored and answered like any other.
    """
    if is_paused(submission.page_id):
        raise IntakePaused(_("This action is paused at the moment. Please try again later."))
    try:
        with transaction.atomic():
            return _record(submission, confirmation_mail, already_mail)
    except IntegrityError:
        # A concurrent identical submission committed first: answer with its action. If there
        # is none, a concurrent purge removed the supporter we found: record once more.
        with transaction.atomic():
            existing, same_form = _existing(submission)
            if existing is not None:
                return Outcome(existing, created=False, same_form=same_form)
            return _record(submission, confirmation_mail, already_mail)


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


def _record(submission: Submission, confirm: ConfirmationMail, already: AlreadyMail) -> Outcome:
    existing, same_form = _existing(submission)
    if existing is not None:
        if submission.email and same_form:
            _queue_confirmation(existing, submission.email, confirm)
        elif submission.email:
            _queue_already(existing, submission.email, already)
        return Outcome(existing, created=False, same_form=same_form)

    # Judged only for new actions: a replayed form is not a second attempt to be rate-limited.
    verdict = anti_abuse.assess(
        submission.signals, page_id=submission.page_id, email=submission.email or None
    )

    _report_trends(submission.page_id, verdict.trends)

    supporter = supporters.get_or_create_supporter(submission.email) if submission.email else None
    try:
        sealed, key = supporters.seal_details(submission.details) if submission.details else (None, None)
    except supporters.NoOrganisationKey as error:  # one family of errors for every kind's form
        raise IntakeUnavailable(error.message) from error
    retention = submission.retention_days or settings.CHORUS_RETENTION_DAYS
    state = Action.State.FLAGGED if verdict.flagged else Action.State.PENDING
    action = Action.objects.create(
        page_id=submission.page_id,
        kind=submission.kind,
        supporter=supporter,
        state=state,
        flag_reason=verdict.reason,
        language=submission.language,
        country=submission.country.upper()[:2],
        sealed_details=sealed,
        sealed_with=key,
        submission_key=submission.submission_key,
        retain_until=timezone.now() + timedelta(days=retention),
        # Written with the row rather than updated after it: one statement less on the hot path.
        counted_as=counters.bucket_for(state),
    )
    if action.counted_as:
        counters.add(action.page_id, action.counted_as, 1)
    counters.roll(action)
    ActionLog.objects.create(action=action, event=ActionLog.Event.RECORDED)
    if verdict.flagged:
        ActionLog.objects.create(action=action, event=ActionLog.Event.FLAGGED, detail=verdict.reason)
    if supporter is not None:
        for consent in submission.consents:
            supporters.record_consent(
                supporter, action, consent.purpose, consent.text_version, submission.language
            )
        if submission.subscribe_updates:
            supporters.subscribe_to_updates(
                supporter, action, submission.email, submission.language, action.retain_until
            )
        _queue_confirmation(action, submission.email, confirm)
    return Outcome(action, created=True)


def _report_trends(page_id: int, trends: Sequence[anti_abuse.Trend]) -> None:
    """Open or update the staff report of each trend: once it has grown a tenth since the last
    write, or TREND_WRITE_SECONDS after it, so that a flood costs a few writes, not one each."""
    for trend in trends:
        written_key = f"chorus:trend-written:{trend.scope}"
        written = cache.get(written_key)
        due = cache.add(f"chorus:trend-due:{trend.scope}", 1, TREND_WRITE_SECONDS)
        if written is not None and trend.actions < written * 1.1 and not due:
            continue
        cache.set(written_key, trend.actions, anti_abuse.TREND_WINDOW)
        open_key = f"chorus:trend-report:{trend.scope}"
        now = timezone.now()
        # Only the request that claims the key opens a report (0 while it is being created),
        # so concurrent requests of one trend do not open two.
        claimed = cache.add(open_key, 0, anti_abuse.TREND_WINDOW)
        report_id = None if claimed else cache.get(open_key)
        if report_id == 0:
            continue
        updated = 0
        if report_id is not None:
            updated = TrendReport.objects.filter(pk=report_id).update(
                actions=trend.actions, total=trend.total, last_seen_at=now
            )
        if not updated:
            # New, or the report was rolled back with its transaction or deleted: open one.
            report = TrendReport.objects.create(
                page_id=page_id,
                source=trend.source,
                domain=trend.domain,
                actions=trend.actions,
                total=trend.total,
                last_seen_at=now,
            )
            report_id = report.pk
        # The report stays open while the trend goes on; an hour's quiet closes it.
        cache.set(open_key, report_id, anti_abuse.TREND_WINDOW)


def delete_old_trend_reports(now: Any = None) -> int:
    """Trend reports are for review now, not a record: delete those past REPORT_DAYS."""
    cutoff = (now or timezone.now()) - timedelta(days=TrendReport.REPORT_DAYS)
    deleted, _per_model = TrendReport.objects.filter(last_seen_at__lt=cutoff).delete()
    return deleted


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
