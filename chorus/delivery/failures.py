"""What a failed send means: try again later, or never. And the reason, without personal data.

Mail servers echo the recipient back ("550 5.1.1 <alice@example.org>: unknown user"), so
every reason is scrubbed of addresses before it is stored in `Outbox.last_error` or logged.
"""

from __future__ import annotations

import re
import smtplib
from dataclasses import dataclass
from email.utils import parseaddr

from chorus.core.crypto import DecryptionError

REASON_LENGTH = 300
ADDRESS_PLACEHOLDER = "[address]"

# Anything shaped like local@domain, however odd (servers quote, bracket and encode them).
_ADDRESS = re.compile(r"[^\s<>()\[\]{},;:\"'`]+@[^\s<>()\[\]{},;:\"'`]+")
_WHITESPACE = re.compile(r"\s+")
# Local parts shorter than this are not scrubbed on their own: they would mangle ordinary words.
_MIN_LOCAL_PART = 3


@dataclass(frozen=True)
class Failure:
    permanent: bool
    reason: str


def scrub(text: str, recipient: str = "") -> str:
    """Remove email addresses (and the recipient's name and mailbox name) from `text`."""
    name, address = parseaddr(recipient)
    known = [recipient, address, name]
    local_part = address.rpartition("@")[0]
    if len(local_part) >= _MIN_LOCAL_PART:
        known.append(local_part)
    for value in sorted({value.strip() for value in known if value.strip()}, key=len, reverse=True):
        text = re.sub(re.escape(value), ADDRESS_PLACEHOLDER, text, flags=re.IGNORECASE)
    text = _ADDRESS.sub(ADDRESS_PLACEHOLDER, text)
    return _WHITESPACE.sub(" ", text).strip()[:REASON_LENGTH]


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _reply(code: int, message: bytes | str) -> str:
    return f"{code} {_text(message)}"


def classify(error: BaseException, recipient: str = "") -> Failure:
    """Sort a send error into temporary (retry with backoff) or permanent, with a scrubbed reason.

    Permanent: a 5xx reply about this message (recipient or content refused) and a message
    that cannot be built (invalid address or header). Everything else is temporary: 4xx
    replies, refused or dropped connections, timeouts — and also 5xx replies to the greeting,
    the login or the sender address, because those are configuration problems that an
    operator fixes (and every mail would be lost meanwhile), not properties of one mail.
    """
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        replies = list(error.recipients.values()) or [(450, b"recipient refused")]
        permanent = all(500 <= code < 600 for code, _ in replies)
        reason = "; ".join(_reply(code, message) for code, message in replies)
        return Failure(permanent, scrub(f"recipient refused: {reason}", recipient))
    if isinstance(
        error,
        smtplib.SMTPAuthenticationError
        | smtplib.SMTPConnectError
        | smtplib.SMTPHeloError
        | smtplib.SMTPSenderRefused,
    ):
        return Failure(
            False, scrub(f"{type(error).__name__}: {_reply(error.smtp_code, error.smtp_error)}", recipient)
        )
    if isinstance(error, smtplib.SMTPResponseException):
        permanent = 500 <= error.smtp_code < 600
        return Failure(permanent, scrub(_reply(error.smtp_code, error.smtp_error), recipient))
    if isinstance(error, DecryptionError):
        # Most likely a wrong CHORUS_SERVER_KEY after a deployment: retrying lets the
        # operator fix the key without losing the queue.
        return Failure(False, "payload could not be decrypted with the server key")
    if isinstance(error, smtplib.SMTPException | OSError):
        return Failure(False, scrub(f"{type(error).__name__}: {error}", recipient))
    if isinstance(error, ValueError | TypeError | KeyError):
        return Failure(True, scrub(f"message could not be built: {type(error).__name__}: {error}", recipient))
    # An unexpected error is probably a bug that a later release fixes: keep retrying.
    return Failure(False, scrub(f"{type(error).__name__}: {error}", recipient))
