from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest

from .smtp import SMTPServer


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[SMTPServer]:
    """A running SMTP server on a free localhost port; Django's default mailer points at it."""
    # aiosmtpd logs every command, recipients included, at INFO.
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    server = SMTPServer()
    server.start()
    settings.MAILERS = server.mailer_settings
    yield server
    server.stop()
