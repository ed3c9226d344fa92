"""Sending outbox rows through a real SMTP server: Message-IDs, retries, permanent failures, wiping."""

from __future__ import annotations

import base64
import email.header
import threading
from datetime import timedelta
from typing import Any

import pytest
from django.db import connections
from django.utils import timezone

from chorus.delivery import services
from chorus.delivery.models import Outbox
from chorus.delivery.tasks import send_outbox_message

from .helpers import THAI_BODY, THAI_SUBJECT, make_due, queue, raw_row, recipient
from .smtp import REJECT_DATA, REJECT_RCPT, REJECT_SENDER, TEMPFAIL_DATA, SMTPServer

pytestmark = pytest.mark.django_db


def test_a_queued_mail_is_sent_once_with_its_message_id_and_then_wiped(
    smtp_server: SMTPServer, django_capture_on_commit_callbacks: Any
) -> None:
    pdf = base64.b64encode(b"%PDF-1.7 letter").decode()
    with django_capture_on_commit_callbacks(execute=True):
        (row,) = queue(
            prefix="confirm-7",
            to="มาลี <malee.s@example.org>",
            reply_to=["campaigns@riverlight.example"],
            headers={
                "List-Unsubscribe": "<https://riverlight.example/unsubscribe/abc>",
                "Message-ID": "<forged@x>",
            },
            attachments=[("letter.pdf", pdf, "application/pdf")],
        )

    (delivered,) = smtp_server.handler.delivered
    message = delivered.message
    assert delivered.message_id == "<confirm-7-0@riverlight.example>"
    assert delivered.rcpt_tos == ["malee.s@example.org"]
    assert message["Subject"] == THAI_SUBJECT
    assert message["From"] == "Riverlight Collective <hello@riverlight.example>"
    assert message["Reply-To"] == "campaigns@riverlight.example"
    assert message["List-Unsubscribe"] == "<https://riverlight.example/unsubscribe/abc>"
    body = message.get_body(preferencelist=("plain",))
    assert body is not None and THAI_BODY in body.get_content()
    (attachment,) = message.iter_attachments()
    assert attachment.get_filename() == "letter.pdf"
    assert attachment.get_content() == b"%PDF-1.7 letter"

    row.refresh_from_db()
    assert row.state == Outbox.State.SENT
    assert row.sent_at is not None
    assert row.attempts == 1
    assert row.message_id == "<confirm-7-0@riverlight.example>"
    assert row.payload is None
    stored = raw_row(row.pk)
    for personal in ("malee", "example.org", "มาลี", THAI_SUBJECT):
        assert personal not in stored

    # A replayed task (a duplicate enqueue, a sweep) sends nothing more.
    send_outbox_message.enqueue(row.pk)
    services.sweep_outbox()
    assert smtp_server.handler.count() == 1


def test_the_default_sender_is_used_when_the_mail_names_none(
    smtp_server: SMTPServer, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.DEFAULT_FROM_EMAIL = "Chorus <no-reply@chorus.example>"
    with django_capture_on_commit_callbacks(execute=True):
        queue(prefix="plain", from_email="")
    (delivered,) = smtp_server.handler.delivered
    assert delivered.message["From"] == "Chorus <no-reply@chorus.example>"
    assert delivered.message_id == "<plain-0@chorus.example>"


def test_smtp_down_then_up_delivers_every_mail_exactly_once(
    smtp_server: SMTPServer, django_capture_on_commit_callbacks: Any
) -> None:
    smtp_server.stop()
    with django_capture_on_commit_callbacks(execute=True):
        rows = queue(20, prefix="down")
    assert len(rows) == 20
    for row in rows:
        row.refresh_from_db()
        assert (row.state, row.attempts) == (Outbox.State.QUEUED, 1)
        assert "ConnectionRefusedError" in row.last_error
        assert row.payload is not None
    assert services.sweep_outbox() == 0  # retries are not due yet

    smtp_server.start()
    make_due()
    assert services.sweep_outbox() == 20
    # Sweeping again, with everything made due again, finds nothing left to send.
    make_due()
    assert services.sweep_outbox() == 0
    for row in rows:
        send_outbox_message.enqueue(row.pk)

    ids = smtp_server.handler.message_ids()
    assert sorted(ids) == sorted(f"<down-{number}@riverlight.example>" for number in range(20))
    assert set(ids.values()) == {1}
    assert list(Outbox.objects.values_list("state", flat=True).distinct()) == [Outbox.State.SENT]
    assert Outbox.objects.filter(payload__isnull=False).count() == 0
    assert sorted({rcpt for item in smtp_server.handler.delivered for rcpt in item.rcpt_tos}) == sorted(
        recipient(number) for number in range(20)
    )


def _seconds_from(moment: Any, start: Any) -> float:
    return float((moment - start).total_seconds())


def test_temporary_failures_are_retried_with_exponential_backoff(
    smtp_server: SMTPServer, django_capture_on_commit_callbacks: Any
) -> None:
    smtp_server.handler.mode = TEMPFAIL_DATA
    expected = [(1, 60), (2, 120), (3, 240)]
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        (row,) = queue(prefix="greylisted")
    for attempts, delay in expected:
        row.refresh_from_db()
        assert row.state == Outbox.State.QUEUED
        assert row.attempts == attempts
        assert row.last_error.startswith("451 4.3.0 Temporary local problem")
        # The delay, give or take the 10 % jitter, counted from this attempt.
        assert delay * 0.9 - 1 <= _seconds_from(row.next_attempt_at, before) <= delay * 1.1 + 5
        assert send_outbox_message.enqueue(row.pk).return_value == "skipped"  # not due yet
        make_due()
        before = timezone.now()
        send_outbox_message.enqueue(row.pk)

    row.refresh_from_db()
    assert row.attempts == 4
    smtp_server.handler.mode = "accept"
    make_due()
    send_outbox_message.enqueue(row.pk)
    row.refresh_from_db()
    assert (row.state, row.attempts, row.last_error, row.payload) == (Outbox.State.SENT, 5, "", None)
    assert smtp_server.handler.count() == 1


def test_the_backoff_doubles_up_to_about_six_hours() -> None:
    for attempts, minutes in [(1, 1), (2, 2), (3, 4), (5, 16), (9, 256), (10, 360), (15, 360)]:
        seconds = services.retry_delay(attempts).total_seconds()
        assert minutes * 60 * 0.9 <= seconds <= minutes * 60 * 1.1


def test_a_mail_that_keeps_failing_gives_up_after_the_maximum_attempts(
    smtp_server: SMTPServer, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.CHORUS_OUTBOX_MAX_ATTEMPTS = 3
    smtp_server.handler.mode = TEMPFAIL_DATA
    with django_capture_on_commit_callbacks(execute=True):
        (row,) = queue(prefix="hopeless")
    for _ in range(2):
        make_due()
        send_outbox_message.enqueue(row.pk)
    row.refresh_from_db()
    assert (row.state, row.attempts, row.payload) == (Outbox.State.FAILED, 3, None)
    assert row.last_error.startswith("gave up after 3 attempts: 451")
    make_due()
    assert services.sweep_outbox() == 0


def test_a_permanent_rejection_fails_at_once_with_a_reason_free_of_the_address(
    smtp_server: SMTPServer, django_capture_on_commit_callbacks: Any
) -> None:
    smtp_server.handler.mode = REJECT_RCPT
    with django_capture_on_commit_callbacks(execute=True):
        (row,) = queue(prefix="unknown", to="Alice.Nguyen+petitions@example.org")
    row.refresh_from_db()
    assert (row.state, row.attempts, row.payload) == (Outbox.State.FAILED, 1, None)
    assert "550 5.1.1" in row.last_error
    assert "User unknown" in row.last_error
    assert "[address]" in row.last_error
    assert "alice" not in row.last_error.lower()
    assert "example.org" not in raw_row(row.pk)
    make_due()
    Outbox.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now() - timedelta(days=1))
    assert services.sweep_outbox() == 0
    assert smtp_server.handler.count() == 0


def test_a_message_refused_after_data_fails_permanently(
    smtp_server: SMTPServer, django_capture_on_commit_callbacks: Any
) -> None:
    smtp_server.handler.mode = REJECT_DATA
    with django_capture_on_commit_callbacks(execute=True):
        (row,) = queue(prefix="spammy")
    row.refresh_from_db()
    assert (row.state, row.last_error, row.payload) == (
        Outbox.State.FAILED,
        "554 5.7.1 Message rejected as spam",
        None,
    )


def test_a_refused_sender_is_a_configuration_problem_and_is_retried(
    smtp_server: SMTPServer, django_capture_on_commit_callbacks: Any
) -> None:
    smtp_server.handler.mode = REJECT_SENDER
    with django_capture_on_commit_callbacks(execute=True):
        (row,) = queue(prefix="misconfigured")
    row.refresh_from_db()
    assert (row.state, row.attempts) == (Outbox.State.QUEUED, 1)
    assert (
        row.last_error
        == "SMTPSenderRefused: 553 5.7.1 <[address]>: Sender address rejected: not owned by user"
    )
    assert row.payload is not None
    smtp_server.handler.mode = "accept"  # the operator fixed the sender address
    make_due()
    services.sweep_outbox()
    row.refresh_from_db()
    assert row.state == Outbox.State.SENT


def test_an_undecryptable_payload_is_retried_not_lost(smtp_server: SMTPServer) -> None:
    (row,) = queue(prefix="wrong-key")
    Outbox.objects.filter(pk=row.pk).update(payload=b"not sealed with this server key")
    send_outbox_message.enqueue(row.pk)
    row.refresh_from_db()
    assert (row.state, row.attempts) == (Outbox.State.QUEUED, 1)
    assert row.last_error == "payload could not be decrypted with the server key"
    assert row.payload is not None
    assert smtp_server.handler.count() == 0


def test_a_retry_is_deferred_on_the_database_task_backend(smtp_server: SMTPServer, settings: Any) -> None:
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    smtp_server.handler.mode = TEMPFAIL_DATA
    (row,) = queue(prefix="deferred")
    # The first send task is a row of the same transaction as the outbox row (one commit).
    (first,) = DBTaskResult.objects.filter(task_path="chorus.delivery.tasks.send_outbox_message")
    assert first.args_kwargs == {"args": [row.pk], "kwargs": {}}
    assert first.run_after.year == 9999  # django-tasks-db's "not deferred"
    assert services.deliver(row.pk) == "retry"
    row.refresh_from_db()
    tasks = DBTaskResult.objects.filter(task_path="chorus.delivery.tasks.send_outbox_message")
    (task,) = tasks.exclude(pk=first.pk)
    assert task.args_kwargs == {"args": [row.pk], "kwargs": {}}
    assert task.run_after == row.next_attempt_at


def test_a_row_held_by_one_worker_cannot_be_claimed_by_another_until_its_lease_expires() -> None:
    (row,) = queue(prefix="leased")
    first = services.claim(row.pk)
    assert first is not None
    assert first.row.state == Outbox.State.SENDING
    assert services.claim(row.pk) is None
    Outbox.objects.filter(pk=row.pk).update(claimed_until=timezone.now() - timedelta(seconds=1))
    assert services.sweep_outbox() == 1  # the sweeper hands the abandoned row on (and it is sent)
    row.refresh_from_db()
    assert (row.state, row.attempts) == (Outbox.State.SENT, 2)


def test_the_sweeper_recovers_a_mail_whose_enqueue_was_lost(smtp_server: SMTPServer) -> None:
    # No on-commit callbacks run here: the send task was never enqueued.
    (row,) = queue(prefix="lost")
    assert services.sweep_outbox() == 0  # within the grace period its task may still come
    Outbox.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now() - timedelta(minutes=6))
    assert services.sweep_outbox() == 1
    assert smtp_server.handler.message_ids() == {"<lost-0@riverlight.example>": 1}


@pytest.mark.django_db(transaction=True)
def test_the_claim_is_committed_before_the_smtp_conversation(smtp_server: SMTPServer) -> None:
    seen: list[tuple[str, bool]] = []

    def look_from_another_connection() -> None:
        fresh = Outbox.objects.get()
        seen.append((fresh.state, fresh.claimed_until is not None))
        connections.close_all()

    def during_data(number: int) -> None:
        # A new thread has its own database connection: it sees only committed data.
        observer = threading.Thread(target=look_from_another_connection)
        observer.start()
        observer.join()

    smtp_server.handler.on_data = during_data
    (row,) = queue(prefix="committed")  # commits, and the task runs after the commit
    row.refresh_from_db()
    assert row.state == Outbox.State.SENT
    assert seen == [(Outbox.State.SENDING, True)]


def test_a_failed_enqueue_after_commit_is_logged_not_raised_and_the_sweeper_recovers(
    settings: Any, django_capture_on_commit_callbacks: Any, caplog: pytest.LogCaptureFixture
) -> None:
    # A task backend that refuses the task (here: misconfigured queues) after the action committed.
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend", "QUEUES": ["x"]}
    }
    with django_capture_on_commit_callbacks(execute=True):
        (row,) = queue(prefix="refused")
    assert "InvalidTask" in caplog.text
    row.refresh_from_db()
    assert row.state == Outbox.State.QUEUED

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    Outbox.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now() - timedelta(minutes=6))
    assert services.sweep_outbox() == 1
    row.refresh_from_db()
    assert row.state == Outbox.State.SENT


@pytest.mark.parametrize("site_name", ["Riverlight Collective", "กลุ่มริเวอร์ไลท์ (Riverlight)", "ស្ទ្រីមភ្លឺ, Inc."])
def test_without_a_configured_sender_name_mail_comes_from_the_site_name(
    smtp_server: SMTPServer,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
    site_name: str,
    demo_site: Any,
) -> None:
    """CHORUS_FROM_EMAIL unset: the address alone, under the default Wagtail Site's name (the
    demo's site: a test that flushed the database before this one leaves no Site to rename)."""
    from wagtail.models import Site

    settings.DEFAULT_FROM_EMAIL = "no-reply@chorus.example"
    Site.objects.filter(is_default_site=True).update(site_name=site_name)
    with django_capture_on_commit_callbacks(execute=True):
        queue(prefix="named", from_email="")
    (delivered,) = smtp_server.handler.delivered
    raw = dict(delivered.message.raw_items())["From"]
    assert raw.isascii()  # RFC 2047 encoded words, not raw UTF-8
    # Decoded as RFC 2047 says (the email package's own parser puts a space where a Thai name
    # is folded between two encoded words).
    decoded = str(email.header.make_header(email.header.decode_header(raw)))
    assert decoded.replace('"', "") == f"{site_name} <no-reply@chorus.example>"


def test_without_a_site_name_mail_comes_from_chorus_site_name(
    smtp_server: SMTPServer, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from wagtail.models import Site

    settings.DEFAULT_FROM_EMAIL = "no-reply@chorus.example"
    settings.CHORUS_SITE_NAME = "Mekong Workers' Network"
    Site.objects.filter(is_default_site=True).update(site_name="")
    with django_capture_on_commit_callbacks(execute=True):
        queue(prefix="fallback", from_email="")
    (delivered,) = smtp_server.handler.delivered
    (sender,) = delivered.message["From"].addresses
    assert (sender.display_name, sender.addr_spec) == ("Mekong Workers' Network", "no-reply@chorus.example")
