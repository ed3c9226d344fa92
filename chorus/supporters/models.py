"""Supporters hold no readable personal data: a blind index, sealed details, consent records.

What a person typed (name, email, address, phone, message) is sealed to the organisation's
public key on the `Action` it came with (see chorus.actions.models.Action.sealed_details).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKey(models.Model):
    """A public key of the organisation. Its private half never touches the server."""

    public_key = models.BinaryField(max_length=32)
    fingerprint = models.CharField(max_length=16, unique=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("organisation key")
        constraints = [
            models.UniqueConstraint(
                fields=["active"], condition=models.Q(active=True), name="one_active_org_key"
            )
        ]

    def __str__(self) -> str:
        return self.fingerprint


class Supporter(models.Model):
    """One person, recognised by a keyed hash of their normalised email address."""

    blind_index = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("supporter")

    def __str__(self) -> str:
        return f"Supporter {self.pk}"


class Consent(models.Model):
    """What a supporter agreed to, when, and which version of the text they saw."""

    class Purpose(models.TextChoices):
        ACTION = "action", _("taking part in this action")
        UPDATES = "updates", _("receiving updates about this campaign")
        PUBLIC_NAME = "public_name", _("showing my name publicly")

    supporter = models.ForeignKey(Supporter, on_delete=models.CASCADE, related_name="consents")
    action = models.ForeignKey("actions.Action", on_delete=models.CASCADE, related_name="consents", null=True)
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    text_version = models.CharField(max_length=64)
    language = models.CharField(max_length=12)
    agreed_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        indexes = [
            # Withdrawn consents only (few): the results dashboard counts a campaign's unsubscribes
            # from here, not by reading every consent of its actions.
            models.Index(
                fields=["purpose", "withdrawn_at"],
                condition=models.Q(withdrawn_at__isnull=False),
                name="consent_withdrawn",
            )
        ]

    def __str__(self) -> str:
        return f"Consent {self.pk} ({self.purpose})"


class UpdateSubscription(models.Model):
    """An address opted into updates about one campaign, encrypted with the server key.

    Deleted on unsubscribe, on the supporter's request, or when the retention period ends.
    """

    supporter = models.ForeignKey(Supporter, on_delete=models.CASCADE, related_name="subscriptions")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    encrypted_address = models.BinaryField()
    language = models.CharField(max_length=12)
    consent = models.ForeignKey(Consent, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    retain_until = models.DateTimeField()

    class Meta:
        verbose_name = _("update subscription")
        constraints = [
            models.UniqueConstraint(fields=["supporter", "page"], name="one_subscription_per_page")
        ]

    def __str__(self) -> str:
        return f"Subscription {self.pk}"
