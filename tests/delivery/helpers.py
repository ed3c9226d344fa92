from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from chorus.delivery.models import Outbox
from chorus.delivery.services import Mail, queue_mail

THAI_SUBJECT = "กรุณายืนยันการลงชื่อของคุณ"
THAI_BODY = "ขอบคุณที่ร่วมลงชื่อ 感谢您的签名 서명해 주셔서 감사합니다"


def recipient(number: int) -> str:
    return f"supporter.{number}@example.org"


def queue(count: int = 1, *, prefix: str = "test", **fields: Any) -> list[Outbox]:
    """Queue `count` mails in one transaction, as an action would."""
    rows = []
    with transaction.atomic():
        for number in range(count):
            mail = Mail(
                to=fields.get("to", recipient(number)),
                subject=fields.get("subject", THAI_SUBJECT),
                body=fields.get("body", THAI_BODY),
                from_email=fields.get("from_email", "Riverlight Collective <hello@riverlight.example>"),
                reply_to=fields.get("reply_to", []),
                headers=fields.get("headers", {}),
                attachments=fields.get("attachments", []),
            )
            rows.append(queue_mail(kind="notification", mail=mail, idempotency_key=f"{prefix}-{number}"))
    return rows


def make_due(**filters: Any) -> None:
    """Move time on: every queued row's next attempt is an hour in the past."""
    Outbox.objects.filter(state=Outbox.State.QUEUED, **filters).update(
        next_attempt_at=timezone.now() - timedelta(hours=1)
    )


def raw_row(outbox_id: int) -> str:
    """Every column of the row as the database stores it, as one string."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM delivery_outbox WHERE id = %s", [outbox_id])
        values = cursor.fetchone()
    return " ".join(
        bytes(value).hex() + " " + bytes(value).decode("latin-1")
        if isinstance(value, bytes | memoryview)
        else str(value)
        for value in values
    )
