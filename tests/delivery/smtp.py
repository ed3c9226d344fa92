"""A real SMTP server for the tests (aiosmtpd on a free localhost port) whose answers we control."""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

ACCEPT = "accept"
TEMPFAIL_DATA = "tempfail-data"  # 451 after DATA
REJECT_RCPT = "reject-rcpt"  # 550 at RCPT, echoing the address as real servers do
REJECT_DATA = "reject-data"  # 554 after DATA
REJECT_SENDER = "reject-sender"  # 553 at MAIL FROM: the site's own sender is misconfigured


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class Delivered:
    message_id: str
    rcpt_tos: list[str]
    message: EmailMessage
    # The message as it came over the wire, before any parsing decoded its headers.
    raw: bytes = b""


class Handler:
    """Answers like a mail server; a message counts as delivered only when it answered 250."""

    def __init__(self) -> None:
        self.mode = ACCEPT
        self.lock = threading.Lock()
        self.delivered: list[Delivered] = []
        self.data_commands = 0
        # Called with the number of each DATA command (1, 2, ...); a reply it returns is sent
        # instead of accepting the message.
        self.on_data: Callable[[int], str | None] | None = None

    async def handle_MAIL(
        self, server: Any, session: Any, envelope: Any, address: str, mail_options: Any
    ) -> str:
        if self.mode == REJECT_SENDER:
            return f"553 5.7.1 <{address}>: Sender address rejected: not owned by user"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any
    ) -> str:
        if self.mode == REJECT_RCPT:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown in virtual mailbox table"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            self.data_commands += 1
            number = self.data_commands
        if self.on_data is not None:
            reply = self.on_data(number)
            if reply is not None:
                return reply
        if self.mode == TEMPFAIL_DATA:
            return "451 4.3.0 Temporary local problem, please try again later"
        if self.mode == REJECT_DATA:
            return "554 5.7.1 Message rejected as spam"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        with self.lock:
            self.delivered.append(
                Delivered(
                    str(message["Message-ID"]),
                    list(envelope.rcpt_tos),
                    message,
                    bytes(envelope.original_content),
                )
            )
        return "250 2.0.0 Ok: queued"

    def message_ids(self) -> Counter[str]:
        with self.lock:
            return Counter(item.message_id for item in self.delivered)

    def count(self) -> int:
        with self.lock:
            return len(self.delivered)


class SMTPServer:
    def __init__(self) -> None:
        self.handler = Handler()
        self.port = free_port()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, ready_timeout=60)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def mailer_settings(self) -> dict[str, Any]:
        return {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": self.port, "timeout": 10},
            }
        }
