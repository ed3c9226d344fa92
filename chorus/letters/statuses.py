"""Where each of a supporter's letters is now, for their status page: waiting for their
confirmation, held, in the next digest, scheduled, sending, sent, failed, delivered in a
digest, or gone. Read only: from the queued letters and the outbox rows of the action."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from chorus.actions.models import Action
from chorus.delivery.models import Outbox
from chorus.delivery.services import mail_states

from .services import letter_mail_key
from .targets import QueuedLetter, Target


@dataclass(frozen=True)
class LetterStatus:
    target: Target
    state: str  # waiting | held | digest | scheduled | sending | sent | failed | delivered_in_digest | gone
    at: datetime | None = None


def letter_statuses(action: Action, targets: Sequence[Target]) -> list[LetterStatus]:
    """Where each of an action's letters is, for the supporter's status page."""
    queued = {row.target_id: row for row in QueuedLetter.objects.filter(action=action)}
    keys = {letter_mail_key(action.pk, target.pk): target.pk for target in targets}
    mails = {keys[key]: mail for key, mail in mail_states(keys).items()}
    statuses = []
    for target in targets:
        row = queued.get(target.pk)
        mail = mails.get(target.pk)
        if row is not None:
            if row.state == QueuedLetter.State.READY:
                state = "digest"
            else:
                # Confirmed but still waiting: a flagged action, until staff have looked at it.
                state = "held" if action.confirmed_at else "waiting"
            statuses.append(LetterStatus(target, state))
        elif mail is not None and mail.state == Outbox.State.SENT:
            statuses.append(LetterStatus(target, "sent", mail.sent_at))
        elif mail is not None and mail.state == Outbox.State.FAILED:
            statuses.append(LetterStatus(target, "failed"))
        elif mail is not None:
            scheduled = mail.next_attempt_at if mail.next_attempt_at > timezone.now() else None
            statuses.append(LetterStatus(target, "scheduled" if scheduled else "sending", scheduled))
        elif action.confirmed_at is not None and target.delivery == Target.Delivery.DIGEST:
            statuses.append(LetterStatus(target, "delivered_in_digest"))
        else:
            statuses.append(LetterStatus(target, "gone"))
    return statuses
