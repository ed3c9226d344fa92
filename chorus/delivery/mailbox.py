"""The development mailbox: in `make run` mail is captured as .eml files, never sent.

`DevMailboxBackend` is a Django mail backend (MAILERS in settings/dev.py) that writes each
message to `CHORUS_DEV_MAILBOX_DIR`; staff read them on the "Development mailbox" page of
the admin (`admin_views.py`). The files are ordinary RFC 5322 messages: any mail client
opens them, and headers and bodies in Thai, Chinese, Korean or Khmer decode properly.
"""

from __future__ import annotations

import email
import email.policy
import os
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage as ParsedMessage
from email.parser import BytesHeaderParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

_NAME = re.compile(r"[0-9]{8}-[0-9]{6}-[0-9]{6}-[0-9a-f]{8}\.eml")
LIST_LIMIT = 500


def mailbox_dir() -> Path:
    return Path(settings.CHORUS_DEV_MAILBOX_DIR)


class DevMailboxBackend(BaseEmailBackend):
    """Writes every message to the development mailbox directory instead of sending it."""

    def __init__(self, directory: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.directory = Path(directory) if directory else mailbox_dir()

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        self.directory.mkdir(parents=True, exist_ok=True)
        written = 0
        for message in email_messages:
            if not message.recipients():
                continue
            # Names sort by capture time; the random tail keeps two messages in one
            # microsecond apart. Written aside and renamed, so readers never see half a file.
            name = f"{timezone.now():%Y%m%d-%H%M%S-%f}-{uuid.uuid4().hex[:8]}.eml"
            partial = self.directory / f".{name}.part"
            partial.write_bytes(message.message().as_bytes())
            os.replace(partial, self.directory / name)
            written += 1
        return written


@dataclass(frozen=True)
class CapturedMail:
    name: str
    subject: str
    sender: str
    to: str
    date: datetime | None
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: str = ""
    body_type: str = "text/plain"
    attachments: list[str] = field(default_factory=list)


def _date(message: ParsedMessage) -> datetime | None:
    header = message["Date"]
    return getattr(header, "datetime", None) if header is not None else None


def _summary(name: str, message: ParsedMessage) -> CapturedMail:
    return CapturedMail(
        name=name,
        subject=str(message["Subject"] or ""),
        sender=str(message["From"] or ""),
        to=str(message["To"] or ""),
        date=_date(message),
    )


def list_captured(limit: int = LIST_LIMIT) -> list[CapturedMail]:
    """The newest captured messages first (headers only)."""
    directory = mailbox_dir()
    if not directory.is_dir():
        return []
    names = sorted((path.name for path in directory.iterdir() if _NAME.fullmatch(path.name)), reverse=True)
    parser = BytesHeaderParser(policy=email.policy.default)
    mails = []
    for name in names[:limit]:
        with (directory / name).open("rb") as handle:
            headers = parser.parse(handle)
        mails.append(_summary(name, headers))
    return mails


def read_captured(name: str) -> CapturedMail | None:
    """One captured message, decoded; None for a name that is not a captured message."""
    if not _NAME.fullmatch(name):
        return None
    path = mailbox_dir() / name
    if not path.is_file():
        return None
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(message, ParsedMessage)  # noqa: S101 - guaranteed by policy.default
    part = message.get_body(preferencelist=("plain", "html"))
    body = part.get_content() if part is not None else ""
    summary = _summary(name, message)
    return CapturedMail(
        name=summary.name,
        subject=summary.subject,
        sender=summary.sender,
        to=summary.to,
        date=summary.date,
        headers=[(key, str(value)) for key, value in message.items()],
        body=str(body),
        body_type=part.get_content_type() if part is not None else "text/plain",
        attachments=[str(attachment.get_filename() or "") for attachment in message.iter_attachments()],
    )
