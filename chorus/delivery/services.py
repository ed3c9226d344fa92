"""Queueing mail. Every mail goes through `queue_mail`, inside the transaction of whatever
implies it; the send task is enqueued only after that transaction commits."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction

from chorus.supporters.crypto import server_encrypt

from .models import Outbox

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
    try:
        with transaction.atomic():
            row = Outbox.objects.create(
                idempotency_key=idempotency_key,
                kind=kind,
                action=action,
                supporter=supporter,
                payload=server_encrypt(asdict(mail)),
            )
    except IntegrityError:
        return Outbox.objects.get(idempotency_key=idempotency_key)
    transaction.on_commit(lambda: enqueue_send(row.pk))
    return row


def enqueue_send(outbox_id: int) -> None:
    from .tasks import send_outbox_message

    send_outbox_message.enqueue(outbox_id)
