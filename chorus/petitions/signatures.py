"""What a petition signer chose to make public: a display name, a comment for review.

Only with the signer's opt-in (see services.py): the display name is kept readable, the
comment waits encrypted with the server key until staff approve it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chorus.campaigns.review import Review


class PetitionSignature(models.Model):
    """What a petition signer chose to make public: a display name, a comment for review."""

    action = models.OneToOneField(
        "actions.Action", on_delete=models.CASCADE, related_name="petition_signature"
    )
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    # Only with the signer's opt-in; empty otherwise.
    display_name = models.CharField(_("display name"), max_length=80, blank=True)
    # Readable only once approved for publication; while waiting, encrypted with the server key.
    comment = models.TextField(_("comment"), blank=True)
    pending_comment = models.BinaryField(null=True, blank=True)
    comment_review = models.CharField(max_length=10, choices=Review.choices, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    language = models.CharField(max_length=12)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("public part of a petition signature")
        # The table keeps the name it had in the signons app, where this model began.
        db_table = "signons_petitionsignature"
        indexes = [models.Index(fields=["page", "comment_review"])]

    def __str__(self) -> str:
        return f"Petition signature {self.action_id}"
