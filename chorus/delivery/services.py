"""Queueing and sending mail.

Every mail goes through `queue_mail`, inside the transaction of whatever implies it; the
send task is enqueued only after that transaction commits. `deliver` sends one row: it
claims the row with a lease (committed before any SMTP), sends it, and records the outcome.
`sweep_outbox` re-enqueues rows whose task was lost, so nothing queued is ever forgotten.

Delivery is at least once: a worker killed after the server accepted a mail but before
the row was marked sent leaves the row in `sending`; once its lease expires the sweeper
hands it to another worker, which sends it again with the same Message-ID.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core import mail as django_mail
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from chorus.core.crypto import server_decrypt, server_encrypt
from chorus.core.inserts import insert_unless_conflict
from chorus.core.tasks import enqueue_with_transaction

# tasks.py imports this module too; its attributes are only read when a task is enqueued.
from . import tasks
from .failures import Failure, classify
from .messages import build_message
from .models import Outbox
from .signals import mail_finished

if TYPE_CHECKING:
    from chorus.actions.models import Action
    from chorus.supporters.models import Supporter


@dataclass
class Mail:
    to: str
    subject: str
    body: str
    from_email: str = ""
    reply_to: list[str] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    # (filename, base64 content, mimetype)
    attachments: list[tuple[str, str, str]] = field(default_factory=list)


def queue_mail(
    *,
    kind: str,
    mail: Mail,
    idempotency_key: str,
    action: Action | None = None,
    supporter: Supporter | None = None,
) -> Outbox:
    """Write one outbox row (payload encrypted with the server key) and send it after commit.

    The idempotency key names the mail: queueing the same key twice returns the first row.
    It also becomes the Message-ID, so a retried send is recognisable as the same mail.
    """
    row = Outbox(
        idempotency_key=idempotency_key,
        kind=kind,
        action=action,
        supporter=supporter,
        payload=server_encrypt(asdict(mail)),
    )
    # One statement, no savepoint: a key queued already keeps its first row.
    if not insert_unless_conflict(row):
        return Outbox.objects.get(idempotency_key=idempotency_key)
    # In the same transaction as the row where the task queue is a table of this database, so
    # one commit makes both; else after commit, robust: the action has committed by then, so a
    # failed enqueue must not turn its success into an error page (the outbox sweep finds it).
    enqueue_with_transaction(tasks.send_outbox_message, row.pk, robust=True)
    return row


def enqueue_send(outbox_id: int) -> None:
    tasks.send_outbox_message.enqueue(outbox_id)


def _enqueue_at(outbox_id: int, run_after: datetime) -> None:
    # Backends that cannot defer a task (the in-process one used in tests) leave the row to
    # the sweeper, which finds it once it is due.
    if tasks.send_outbox_message.get_backend().supports_defer:
        tasks.send_outbox_message.using(run_after=run_after).enqueue(outbox_id)


def reschedule(outbox_id: int, when: datetime) -> None:
    """Hold a queued row until `when`; its send task is enqueued for then, after commit.

    A send task enqueued earlier finds the row not yet due and does nothing.
    """
    Outbox.objects.filter(pk=outbox_id, state=Outbox.State.QUEUED).update(next_attempt_at=when)
    transaction.on_commit(lambda: _enqueue_at(outbox_id, when))


logger = logging.getLogger(__name__)

# Retry policy for temporary failures: 1 min after the first failed attempt, doubling, at
# most about 6 h apart, each delay stretched or shrunk by up to 10 % so that mail queued
# together does not retry in lockstep. After CHORUS_OUTBOX_MAX_ATTEMPTS the row fails.
RETRY_BASE_SECONDS = 60
RETRY_CAP_SECONDS = 6 * 60 * 60
RETRY_JITTER = 0.1
# The sweeper re-enqueues at most this many rows per run, oldest first: a large backlog is
# recovered over several runs instead of flooding the task queue with duplicates.
SWEEP_BATCH = 500


def lease_seconds() -> int:
    """How long a claim lasts; a row still `sending` after that is presumed abandoned."""
    return int(getattr(settings, "CHORUS_OUTBOX_LEASE_SECONDS", 120))


def sweep_grace_seconds() -> int:
    """How long a due row may wait for its task before the sweeper presumes the task lost."""
    return int(getattr(settings, "CHORUS_OUTBOX_SWEEP_GRACE_SECONDS", 300))


def max_attempts() -> int:
    return int(getattr(settings, "CHORUS_OUTBOX_MAX_ATTEMPTS", 16))


def retry_delay(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt (1 → about 1 min, 2 → 2 min, ...)."""
    base = min(RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0), RETRY_CAP_SECONDS)
    jitter = random.uniform(1 - RETRY_JITTER, 1 + RETRY_JITTER)  # noqa: S311 - spreading load, not security
    return timedelta(seconds=base * jitter)


@dataclass(frozen=True)
class Claim:
    """A row this worker may send until `lease_until`; the lease also fences the outcome."""

    row: Outbox
    lease_until: datetime


def claim(outbox_id: int) -> Claim | None:
    """Take the row for sending if it is due, or if a previous sender's lease has expired.

    One UPDATE decides, so two workers racing for a row cannot both win. It runs (and, in
    autocommit, commits) before any SMTP, so other workers see the claim while this one
    talks to the server. Each claim counts as an attempt: a mail that kills its worker
    every time still runs out of attempts.
    """
    now = timezone.now()
    lease_until = now + timedelta(seconds=lease_seconds())
    due = Q(state=Outbox.State.QUEUED, next_attempt_at__lte=now) | Q(
        state=Outbox.State.SENDING, claimed_until__lt=now
    )
    with transaction.atomic():
        claimed = Outbox.objects.filter(due, pk=outbox_id).update(
            state=Outbox.State.SENDING, claimed_until=lease_until, attempts=F("attempts") + 1
        )
    if not claimed:
        return None
    row = Outbox.objects.filter(pk=outbox_id).first()
    return None if row is None else Claim(row, lease_until)


def deliver(outbox_id: int) -> str:
    """Send one outbox row. Returns what happened: sent, retry, failed or skipped.

    Never raises with personal data: every error is classified and stored scrubbed.
    Must run outside a transaction (the send task does), so the claim commits first.
    """
    taken = claim(outbox_id)
    if taken is None:
        return "skipped"  # not due, already sent, or another worker holds it
    row = taken.row
    if row.attempts > max_attempts():
        # Only reachable when workers died mid-send on every attempt.
        return _record_failure(taken, Failure(True, "gave up: the worker stopped during every attempt"))
    if row.payload is None:
        return _record_failure(taken, Failure(True, "nothing to send: the payload was already removed"))
    recipient = ""
    try:
        payload: dict[str, Any] = server_decrypt(bytes(row.payload))
        recipient = str(payload.get("to", ""))
        message = build_message(payload, row.idempotency_key)
        django_mail.mailers.default.send_messages([message])
    except Exception as error:  # every failure is recorded (scrubbed); none escapes with personal data
        return _record_failure(taken, classify(error, recipient))
    _record_sent(taken, message.extra_headers["Message-ID"])
    return "sent"


def _record_sent(taken: Claim, message_id: str) -> None:
    # Not fenced by the lease: the server accepted the mail, so "sent" is the truth even
    # if a slow send outlived its lease and another worker has picked the row up since.
    sent = Outbox.objects.filter(
        pk=taken.row.pk, state__in=[Outbox.State.SENDING, Outbox.State.QUEUED]
    ).update(
        state=Outbox.State.SENT,
        sent_at=timezone.now(),
        message_id=message_id,
        payload=None,
        claimed_until=None,
        last_error="",
    )
    logger.info("Outbox %s sent", taken.row.pk)
    if sent:
        _finished(taken.row, Outbox.State.SENT)


def _finished(row: Outbox, state: str) -> None:
    """Tell the apps that count mails (`signals.mail_finished`); a receiver's error is logged only."""
    for receiver, outcome in mail_finished.send_robust(Outbox, outbox_id=row.pk, kind=row.kind, state=state):
        if isinstance(outcome, Exception):
            logger.error("Outbox %s: %r failed: %r", row.pk, receiver, outcome)


def _record_failure(taken: Claim, failure: Failure) -> str:
    row = taken.row
    # Fenced: only the holder of the current lease records a failure, so a worker that lost
    # its lease cannot overwrite the outcome of the one that took over.
    mine = Outbox.objects.filter(pk=row.pk, state=Outbox.State.SENDING, claimed_until=taken.lease_until)
    if failure.permanent or row.attempts >= max_attempts():
        reason = (
            failure.reason
            if failure.permanent
            else f"gave up after {row.attempts} attempts: {failure.reason}"
        )
        if mine.update(state=Outbox.State.FAILED, payload=None, claimed_until=None, last_error=reason[:300]):
            _finished(row, Outbox.State.FAILED)
        logger.warning("Outbox %s failed: %s", row.pk, reason)
        return "failed"
    next_attempt_at = timezone.now() + retry_delay(row.attempts)
    updated = mine.update(
        state=Outbox.State.QUEUED,
        next_attempt_at=next_attempt_at,
        claimed_until=None,
        last_error=failure.reason,
    )
    logger.info(
        "Outbox %s: attempt %s failed, retrying at %s: %s",
        row.pk,
        row.attempts,
        next_attempt_at,
        failure.reason,
    )
    if updated:
        _enqueue_at(row.pk, next_attempt_at)
    return "retry"


def sweep_outbox(*, limit: int = SWEEP_BATCH) -> int:
    """Re-enqueue the send task for rows whose task may have been lost; returns how many.

    Two kinds of row: `queued` rows that have been due for longer than the sweep grace (the
    enqueue after commit failed, the task queue was lost, or the backend cannot defer
    retries), and `sending` rows whose lease has expired (their worker was killed or lost
    its database connection mid-send). Re-enqueueing is always safe: the task's claim lets
    only one worker send a row, and a task for a row that is not due does nothing.
    """
    now = timezone.now()
    overdue = now - timedelta(seconds=sweep_grace_seconds())
    stale = Q(state=Outbox.State.QUEUED, next_attempt_at__lte=overdue) | Q(
        state=Outbox.State.SENDING, claimed_until__lt=now
    )
    ids = list(Outbox.objects.filter(stale).order_by("next_attempt_at").values_list("pk", flat=True)[:limit])
    for outbox_id in ids:
        enqueue_send(outbox_id)
    if ids:
        logger.info("Outbox sweep re-enqueued %s rows", len(ids))
    return len(ids)


# --- what other apps may know and change about their mail ------------------------------------
# Only this module writes Outbox rows; other apps name mails by idempotency key, action or
# supporter and call these.

WAITING = (Outbox.State.QUEUED, Outbox.State.SENDING)


@dataclass(frozen=True)
class MailState:
    state: str
    sent_at: datetime | None
    next_attempt_at: datetime


def mail_states(keys: Iterable[str]) -> dict[str, MailState]:
    """The state of each mail named by these idempotency keys (mails never queued are absent)."""
    rows = Outbox.objects.filter(idempotency_key__in=list(keys)).values_list(
        "idempotency_key", "state", "sent_at", "next_attempt_at"
    )
    return {key: MailState(state, sent_at, next_at) for key, state, sent_at, next_at in rows}


def cancel_queued(keys: Iterable[str]) -> int:
    """Delete the mails named by these keys that no worker has taken yet; returns how many."""
    return int(Outbox.objects.filter(idempotency_key__in=list(keys), state=Outbox.State.QUEUED).delete()[0])


def cancel_queued_notifications(*, supporter_id: int, page_id: int, key_prefix: str) -> int:
    """Delete a supporter's notifications about one campaign page (by the page of the action
    they carry) whose keys start with `key_prefix` and that no worker has taken yet."""
    waiting = Outbox.objects.filter(
        kind=Outbox.Kind.NOTIFICATION,
        state=Outbox.State.QUEUED,
        supporter_id=supporter_id,
        action__page_id=page_id,
        idempotency_key__startswith=key_prefix,
    )
    return int(waiting.delete()[0])


def count_mails(*, supporter_id: int, kind: str, since: datetime) -> int:
    """How many mails of this kind were queued for a supporter since then (sent or not)."""
    return Outbox.objects.filter(supporter_id=supporter_id, kind=kind, created_at__gte=since).count()


def failed_mail_count(*, since: datetime) -> int:
    """How many mails queued since then failed for good (the admin home shows them)."""
    return Outbox.objects.filter(state=Outbox.State.FAILED, created_at__gte=since).count()


@dataclass(frozen=True)
class MailCounts:
    waiting: int
    records: int


def mail_counts(supporter_id: int) -> MailCounts:
    """A supporter's mails (to them or about their actions): waiting to go, and delivery records."""
    mails = Outbox.objects.filter(Q(supporter_id=supporter_id) | Q(action__supporter_id=supporter_id))
    return MailCounts(mails.filter(state__in=WAITING).count(), mails.exclude(state__in=WAITING).count())


@dataclass(frozen=True)
class MailForgotten:
    deleted: int
    wiped: int


def forget_mail(
    *, action_ids: Sequence[int], supporter_ids: Sequence[int] = (), keep_records: bool
) -> MailForgotten:
    """Remove the mails about these actions (and, without `keep_records`, to these supporters).

    With `keep_records` (retention) a mail not sent by now is not sent at all, and a sent or
    failed one keeps its delivery record (when, Message-ID, the scrubbed error) but nothing
    personal. Without it (a supporter's request) every such mail is deleted.
    """
    if not keep_records:
        mails = Outbox.objects.filter(Q(supporter_id__in=supporter_ids) | Q(action_id__in=action_ids))
        return MailForgotten(int(mails.delete()[0]), 0)
    mails = Outbox.objects.filter(action_id__in=action_ids)
    _total, per_model = mails.filter(state__in=WAITING).delete()
    deleted = int(per_model.get(Outbox._meta.label, 0))
    return MailForgotten(deleted, mails.update(payload=None, supporter=None))


def delete_mail_records(*, kind: str, created_before: datetime) -> int:
    """Delete every mail of this kind created before then, sent or not."""
    _total, per_model = Outbox.objects.filter(kind=kind, created_at__lte=created_before).delete()
    return int(per_model.get(Outbox._meta.label, 0))
