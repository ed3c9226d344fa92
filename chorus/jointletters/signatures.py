"""One signature on a joint letter: an organisation's or an individual's.

What is printed on a joint letter (an organisation's name, type, country, city and website; an
individual's name, role and country) is given for publication with the letter and kept readable,
so that the server can print the bundle; the signer's contact person and email are sealed on the
action, and a copy the server needs for the moderation mail is encrypted with the server key
and wiped once that mail is queued.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chorus.campaigns.review import Review

from .storage import logo_storage


class Signature(models.Model):
    """One signature on a joint letter: an organisation's or an individual's."""

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
        return self.name
