"""Where staff review of something a supporter asked to publish stands: a joint letter
signature, a petition comment. Shared by the kinds that moderate what goes public."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Review(models.TextChoices):
    PENDING = "pending", _("waiting for review")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
