"""The outbox: every mail Chorus sends is a row here first, written in the same transaction
as the action that implies it, so nothing acknowledged is ever lost."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Outbox(models.Model):
    class Kind(models.TextChoices):
        CONFIRMATION = "confirmation", _("confirmation request")
        LETTER = "letter", _("letter to a target")
        MAGIC_LINK = "magic_link", _("link to your data")
        NOTIFICATION = "notification", _("notification")

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    idempotency_key = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    action = models.ForeignKey(
        "actions.Action", on_delete=models.CASCADE, null=True, blank=True, related_name="outbox"
    )
    supporter = models.ForeignKey(
        "supporters.Supporter", on_delete=models.CASCADE, null=True, blank=True, related_name="outbox"
    )
    # Recipient, subject, body and headers, encrypted with the server key; wiped once sent.
    payload = models.BinaryField(null=True, blank=True)
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    message_id = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outgoing mail")
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk} ({self.state})"
