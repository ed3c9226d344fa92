"""One signature on a joint letter: an organisation's or an individual's.

What an organisation gives for printing on the letter (its name, type, country, city, website
and logo) is its public statement and is kept readable, so that the server can print the
bundle. An individual's printed line (name and role) is a person's data until it is public: it
is encrypted with the server key (`encrypted_line`) from the moment they sign, and stored
readable only once it is on the public list — approved by staff, listed at the signer's
choice, and confirmed. An individual who is approved but not listed stays encrypted: the
bundle decrypts the line when it prints it, and it is deleted with the signature (rejection,
the action's retention, a request to delete). The signer's contact person and email are sealed
on the action, and a copy the server needs for the moderation mail is encrypted with the
server key and wiped once that mail is queued.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chorus.campaigns.review import Review
from chorus.core.crypto import DecryptionError, server_decrypt, server_encrypt

from .storage import logo_storage

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PrintedLine:
    """What the letter prints for one signer besides their country."""

    name: str
    role: str = ""
    city: str = ""


class Signature(models.Model):
    """One signature on a joint letter: an organisation's or an individual's.

    The printed line (`name`, `role`, `city`) is readable in the table only when it is public:
    an organisation's always (it signs as an organisation, in public), an individual's once it
    is on the public list (approved, listed at their choice, and their action confirmed). Until
    then an individual's line is in `encrypted_line`, under the server key, and `name`, `role`
    and `city` are empty: a copy of the database alone does not tell who signed. Read the line
    with `printed_line()`; `keep_line()` stores it, `publish_line()` turns it readable once it
    is public, `wipe_line()` forgets it.

    Why readable once public: the public list is drawn on every view of the campaign page, and
    what it shows is published there anyway; decrypting it on every view would buy nothing. An
    individual who chose not to be listed is printed in the delivery bundle only, which
    decrypts the line as it prints; their line stays encrypted until the signature is deleted.
    """

    class SignerType(models.TextChoices):
        ORGANISATION = "organisation", _("organisation")
        INDIVIDUAL = "individual", _("individual")

    class OrganisationType(models.TextChoices):
        COMMUNITY = "community", _("community group")
        NGO = "ngo", _("NGO")
        UNION = "union", _("union")
        NETWORK = "network", _("network or coalition")
        ACADEMIC = "academic", _("academic institution")
        FAITH = "faith", _("faith-based organisation")
        SERVICE = "service", _("health or service provider")
        OTHER = "other", _("other")

    action = models.OneToOneField("actions.Action", on_delete=models.CASCADE, related_name="signature")
    # The original page of the campaign's translations (CampaignPage.action_page_id).
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    signer_type = models.CharField(_("signs as"), max_length=12, choices=SignerType.choices)
    # Printed on the letter: the organisation's name, or the individual's name.
    name = models.CharField(_("name"), max_length=200)
    organisation_type = models.CharField(
        _("type of organisation"), max_length=12, choices=OrganisationType.choices, blank=True
    )
    role = models.CharField(_("role or affiliation"), max_length=200, blank=True)
    country = models.CharField(_("country"), max_length=2)
    city = models.CharField(_("city"), max_length=120, blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    # The uploaded logo, in private storage (storage.py): staff see it through the admin.
    logo = models.ImageField(_("logo"), upload_to="signons/logos/", blank=True, storage=logo_storage)
    # A copy in public media, made when staff approve a signature that is to be listed; the
    # public list shows this one. Empty while pending, after rejection, or when not listed.
    public_logo = models.ImageField(_("public logo"), upload_to="signons/logos/", blank=True)
    show_publicly = models.BooleanField(_("shown on the website"), default=False)
    language = models.CharField(max_length=12)
    review = models.CharField(max_length=10, choices=Review.choices, default=Review.PENDING)
    reject_reason = models.CharField(_("reason"), max_length=500, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # An individual's printed line ({"name", "role", "city"}) encrypted with the server key
    # while it is not on the public list; None for organisations and for public lines.
    encrypted_line = models.BinaryField(null=True, blank=True)
    # {"email", "contact"} encrypted with the server key, for the review mail; wiped once it is queued.
    encrypted_contact = models.BinaryField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the action's retention ended and this approved organisation's printed line was
    # kept with the letter (no personal data is left on it); None otherwise.
    kept_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # The table keeps the name it had in the signons app, where this model began.
        db_table = "signons_signature"
        verbose_name = _("joint letter signature")
        verbose_name_plural = _("joint letter signatures")
        indexes = [
            models.Index(fields=["page", "review"]),
            models.Index(fields=["page", "country", "signer_type"]),
        ]

    def __str__(self) -> str:
        # Never the encrypted line: a string of a model ends up in logs and admin labels.
        return self.name or f"#{self.pk}"

    def keep_line(self, line: PrintedLine) -> None:
        """Set the printed line: readable for an organisation, encrypted for an individual."""
        if self.signer_type == self.SignerType.INDIVIDUAL:
            self.encrypted_line = server_encrypt(asdict(line))
            self.name = self.role = self.city = ""
        else:
            self.encrypted_line = None
            self.name, self.role, self.city = line.name, line.role, line.city

    def printed_line(self) -> PrintedLine:
        """The line as printed, decrypted if need be (an empty one if it cannot be decrypted)."""
        if self.encrypted_line is None:
            return PrintedLine(self.name, self.role, self.city)
        try:
            data = server_decrypt(bytes(self.encrypted_line))
        except DecryptionError:
            logger.warning("Joint letter signature %s: its printed line does not decrypt", self.pk)
            return PrintedLine("")
        return PrintedLine(str(data.get("name", "")), str(data.get("role", "")), str(data.get("city", "")))

    def publish_line(self) -> bool:
        """Make an encrypted line readable (call once it is public); whether anything changed.

        Changes this instance only; the caller saves `LINE_FIELDS`. A line that does not
        decrypt stays encrypted.
        """
        if self.encrypted_line is None:
            return False
        line = self.printed_line()
        if not line.name:
            return False
        self.name, self.role, self.city = line.name, line.role, line.city
        self.encrypted_line = None
        return True

    def wipe_line(self) -> None:
        """Forget what was to be printed (the logo files are the caller's to delete)."""
        self.name = self.role = self.city = self.website = ""
        self.encrypted_line = None
        self.logo = self.public_logo = ""


# The fields that hold the printed line, for save(update_fields=...).
LINE_FIELDS = ["name", "role", "city", "encrypted_line"]
