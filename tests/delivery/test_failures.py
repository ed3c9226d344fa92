"""Reasons for failed mail are stored without personal data."""

from __future__ import annotations

import smtplib

import pytest

from chorus.delivery.failures import classify, scrub


@pytest.mark.parametrize(
    "reply",
    [
        "550 5.1.1 <alice.nguyen@example.org>: Recipient address rejected: User unknown",
        "550 5.1.1 The email account that you tried to reach does not exist: ALICE.NGUYEN@EXAMPLE.ORG",
        '550 Requested action not taken: mailbox "alice.nguyen@example.org" unavailable',
        "550 5.1.1 RESOLVER.ADR.RecipNotFound; not found (alice.nguyen@example.org)",
        "550 user alice.nguyen unknown here",
        "550 <alice.nguyen+petition@example.org> rejected; forwarded from =?utf-8?q?x?= bob@other.example",
    ],
)
def test_addresses_and_the_recipients_mailbox_name_are_scrubbed(reply: str) -> None:
    scrubbed = scrub(reply, "Alice Nguyen <alice.nguyen@example.org>")
    assert "alice" not in scrubbed.lower()
    assert "@" not in scrubbed
    assert scrubbed.startswith("550")
    assert "[address]" in scrubbed


def test_the_recipients_name_is_scrubbed_too() -> None:
    assert (
        scrub("550 no mailbox for มาลี ศรีสุข", "มาลี ศรีสุข <malee@example.org>") == "550 no mailbox for [address]"
    )


def test_a_reason_fits_its_column() -> None:
    assert len(scrub("451 " + "try again later " * 50)) == 300


def test_replies_are_sorted_into_temporary_and_permanent() -> None:
    rcpt = "alice@example.org"
    cases = [
        (smtplib.SMTPRecipientsRefused({rcpt: (550, b"5.1.1 <alice@example.org> unknown")}), True),
        (smtplib.SMTPRecipientsRefused({rcpt: (450, b"4.2.0 greylisted")}), False),
        (smtplib.SMTPDataError(554, b"5.7.1 spam"), True),
        (smtplib.SMTPDataError(451, b"4.3.0 later"), False),
        (smtplib.SMTPSenderRefused(553, b"not yours", "hello@riverlight.example"), False),
        (smtplib.SMTPAuthenticationError(535, b"5.7.8 bad credentials"), False),
        (smtplib.SMTPConnectError(554, b"no service for you"), False),
        (smtplib.SMTPServerDisconnected("Connection unexpectedly closed"), False),
        (ConnectionRefusedError(111, "Connection refused"), False),
        (TimeoutError("timed out"), False),
        (ValueError("Invalid address 'alice@@example.org'"), True),
    ]
    for error, permanent in cases:
        failure = classify(error, rcpt)
        assert failure.permanent is permanent, error
        assert "alice" not in failure.reason
