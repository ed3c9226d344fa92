"""Turning a decrypted outbox payload into the mail that goes on the wire."""

from __future__ import annotations

import base64
import email.policy
import hashlib
import re
from email.headerregistry import Address
from email.message import EmailMessage as MIMEMessage
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.utils import DNS_NAME
from django.utils.encoding import punycode

# RFC 5322 dot-atom: the left-hand side of a Message-ID may hold nothing else.
_DOT_ATOM = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")

# Headers the outbox decides itself; a payload cannot override them.
_OWN_HEADERS = {"message-id", "from", "to", "cc", "bcc", "reply-to"}

# RFC 8058 one-click unsubscribe: mail programs read these as plain ASCII `<https://...>`. The
# email package folds a header whose one word is longer than a line (a long unsubscribe URL) into
# RFC 2047 encoded words, which no mail program decodes there; these go on the wire as given.
_VERBATIM_HEADERS = {"list-unsubscribe", "list-unsubscribe-post"}
_MAX_LINE = 998  # RFC 5322 2.1.1, without the CRLF


class _VerbatimHeader(str):
    """A header value the email package writes unfolded and unencoded (it calls `fold`)."""

    name: str

    def __new__(cls, name: str, value: str) -> _VerbatimHeader:
        header = super().__new__(cls, value)
        header.name = name
        return header

    def fold(self, *, policy: email.policy.Policy) -> str:
        return f"{self.name}: {self}{policy.linesep}"


def _verbatim(name: str, value: str) -> bool:
    """Whether a header can go out as given: ASCII, one line, within the hard line limit."""
    return value.isascii() and value.isprintable() and len(name) + 2 + len(value) <= _MAX_LINE


class OutboxEmailMessage(EmailMessage):
    """Django's message, with the one-click unsubscribe headers written as RFC 8058 wants them."""

    def message(self, *, policy: email.policy.Policy | None = email.policy.default) -> MIMEMessage:
        message = super().message(policy=policy or email.policy.default)
        for name in _VERBATIM_HEADERS:
            value = message.get(name)
            if value is not None and _verbatim(name, str(value)):
                real_name = next(key for key in message if key.lower() == name)
                message.replace_header(real_name, _VerbatimHeader(real_name, str(value)))
        return message


def sender_domain(from_email: str) -> str:
    """The domain of the From address (IDNA-encoded), or this host's name if it has none."""
    _, at, domain = parseaddr(from_email)[1].rpartition("@")
    domain = domain.strip().lower()
    if not at or not domain:
        return str(DNS_NAME)
    return punycode(domain)


def message_id(idempotency_key: str, from_email: str) -> str:
    """`<key@domain of the sender>`: the same outbox row always carries the same Message-ID,
    so a mail sent twice after a crash is recognisable as one mail."""
    left = idempotency_key
    if not _DOT_ATOM.fullmatch(left):
        # Keys are ours and normally plain; hash any other so the header stays valid.
        left = hashlib.sha256(idempotency_key.encode()).hexdigest()
    return f"<{left}@{sender_domain(from_email)}>"


def organisation_name() -> str:
    """The organisation's name for mails: the default Wagtail Site's name, else CHORUS_SITE_NAME."""
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).only("site_name").first()
    return (site.site_name if site is not None else "") or str(settings.CHORUS_SITE_NAME)


def sender() -> str:
    """The From of our own mails: DEFAULT_FROM_EMAIL (CHORUS_FROM_EMAIL) as configured when it
    names the sender, else its address under the organisation's name (the default Wagtail
    Site's site name, or CHORUS_SITE_NAME), so that supporters see who writes to them."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    if name or not address:
        return str(settings.DEFAULT_FROM_EMAIL)
    name = organisation_name()
    # Quoted as needed; Django writes a non-ASCII name as RFC 2047 encoded words on the wire.
    return str(Address(display_name=name, addr_spec=address))


def build_message(payload: dict[str, Any], idempotency_key: str) -> EmailMessage:
    """The EmailMessage for a payload written by `queue_mail` (a serialised `Mail`)."""
    from_email = payload.get("from_email") or sender()
    headers = {
        str(name): str(value)
        for name, value in (payload.get("headers") or {}).items()
        if str(name).lower() not in _OWN_HEADERS
    }
    headers["Message-ID"] = message_id(idempotency_key, from_email)
    message = OutboxEmailMessage(
        subject=payload.get("subject", ""),
        body=payload.get("body", ""),
        from_email=from_email,
        to=[payload["to"]],
        reply_to=list(payload.get("reply_to") or []),
        headers=headers,
    )
    for filename, content, mimetype in payload.get("attachments") or []:
        message.attach(filename, base64.b64decode(content), mimetype)
    return message
