"""The target directory (decision-makers letters go to, translatable like a page) and the letters
waiting to be sent to them. Models of the letters app (imported by models.py)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Orderable, TranslatableMixin
from wagtail_localize.fields import SynchronizedField

from chorus.core.countries import country_choices


def _site_language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def parse_language_list(value: str) -> list[str]:
    """ "th, en" → ["th", "en"]: lower-cased, de-duplicated, in the order given."""
    codes = [part.strip().lower() for part in value.replace(";", ",").split(",")]
    return list(dict.fromkeys(code for code in codes if code))


def validate_language_list(value: str) -> None:
    codes = parse_language_list(value)
    if not codes:
        raise ValidationError(_("Give at least one language code, e.g. “th, en”."))
    unknown = [code for code in codes if code not in _site_language_codes()]
    if unknown:
        raise ValidationError(
            _("Letters can be written in the site's languages only (%(known)s), not: %(unknown)s.")
            % {"known": ", ".join(_site_language_codes()), "unknown": ", ".join(unknown)}
        )


def _countries() -> list[tuple[str, str]]:
    return country_choices()


class Target(TranslatableMixin, models.Model):
    """A decision-maker letters are addressed to, reusable across campaigns.

    Translations carry the texts in another language (name as written in that script,
    title, organisation, address, salutation); the other fields are the same in every
    translation and are read from the original (see `letters.compose.canonical_targets`).
    """

    class Delivery(models.TextChoices):
        EACH = "each", _("each letter as its own email, spread out over time")
        DIGEST = "digest", _("one email a day, with that day's letters attached as one PDF")

    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title or position"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True, choices=_countries)
    letter_languages = models.CharField(
        _("letter languages"),
        max_length=100,
        default="en",
        validators=[validate_language_list],
        help_text=_(
            "Language codes in order of preference, e.g. “th, en”. Letters go in the first one the campaign has."
        ),
    )
    salutation = models.CharField(
        _("salutation"),
        max_length=200,
        blank=True,
        help_text=_(
            "In this translation's language, e.g. “Your Excellency,”. Empty: the campaign's default."
        ),
    )
    email = models.EmailField(
        _("email address"),
        blank=True,
        help_text=_("For letters sent on supporters' behalf. Never shown publicly."),
    )
    public_email = models.EmailField(
        _("public email address"),
        blank=True,
        help_text=_("Optional. Shown to supporters for writing from their own mail program."),
    )
    postal_address = models.TextField(_("postal address"), blank=True)
    contact_url = models.URLField(_("public contact page"), blank=True)
    region_code = models.CharField(
        _("region code"), max_length=32, blank=True, help_text=_("E.g. an ISO 3166-2 code such as TH-10.")
    )
    delivery = models.CharField(_("delivery"), max_length=8, choices=Delivery.choices, default=Delivery.EACH)
    letters_per_hour = models.PositiveSmallIntegerField(
        _("letters per hour"),
        default=30,
        help_text=_(
            "Letters sent on supporters' behalf are spread out to at most this many an hour (0: no limit)."
        ),
    )

    # Texts are translated; codes and settings are the same in every translation.
    override_translatable_fields = [SynchronizedField("letter_languages"), SynchronizedField("region_code")]

    panels = [
        FieldPanel("name"),
        FieldPanel("title"),
        FieldPanel("organisation"),
        FieldPanel("salutation"),
        FieldPanel("postal_address"),
        FieldPanel("country"),
        FieldPanel("region_code"),
        FieldPanel("letter_languages"),
        FieldPanel("contact_url"),
        FieldPanel("public_email"),
        MultiFieldPanel(
            [FieldPanel("email"), FieldPanel("delivery"), FieldPanel("letters_per_hour")],
            heading=_("Sending letters on supporters' behalf"),
        ),
    ]

    class Meta(TranslatableMixin.Meta):
        db_table = "campaigns_target"  # made in the campaigns app; the table kept its name
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} — {self.title}" if self.title else self.name

    def clean(self) -> None:
        super().clean()
        self.letter_languages = ", ".join(parse_language_list(self.letter_languages))

    @property
    def languages(self) -> list[str]:
        return parse_language_list(self.letter_languages)

    @property
    def address_lines(self) -> list[str]:
        return [line.strip() for line in self.postal_address.splitlines() if line.strip()]


class CampaignTarget(Orderable):
    """A target of a campaign's letters, in the order the page lists them."""

    page = ParentalKey("campaigns.CampaignPage", on_delete=models.CASCADE, related_name="campaign_targets")
    target = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="+", verbose_name=_("target"))

    panels = [FieldPanel("target")]

    class Meta(Orderable.Meta):
        db_table = "campaigns_campaigntarget"
        verbose_name = _("target")
        verbose_name_plural = _("targets")


class QueuedLetter(models.Model):
    """A letter a supporter asked us to send, waiting for their confirmation or for the
    target's daily digest.

    The letter and the supporter's reply address are encrypted with the server key: the
    server must read them to send them, a copy of the database alone reveals nothing. The row
    is deleted as soon as the letter is in the outbox (or goes out in a digest), and when the
    action is never confirmed, is invalidated, or reaches its retention date.
    """

    class State(models.TextChoices):
        WAITING = "waiting", _("waiting for the supporter's confirmation")
        READY = "ready", _("confirmed, waiting for the target's daily digest")

    action = models.ForeignKey("actions.Action", on_delete=models.CASCADE, related_name="queued_letters")
    # Deleting a supporter (self-service or retention) deletes their queued letters with them.
    supporter = models.ForeignKey(
        "supporters.Supporter", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=8, choices=State.choices, default=State.WAITING)
    payload = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    ready_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "campaigns_queuedletter"
        verbose_name = _("queued letter")
        constraints = [
            models.UniqueConstraint(fields=["action", "target"], name="one_queued_letter_per_target")
        ]
        indexes = [models.Index(fields=["state", "target"])]

    def __str__(self) -> str:
        return f"Queued letter {self.pk} ({self.state})"


class TargetDelivery(models.Model):
    """How letters to one target are paced: the next free sending slot, the last digest day."""

    target = models.OneToOneField(Target, on_delete=models.CASCADE, primary_key=True, related_name="+")
    next_slot_at = models.DateTimeField(null=True, blank=True)
    last_digest_on = models.DateField(null=True, blank=True)
    letters_released = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "campaigns_targetdelivery"
        verbose_name = _("delivery to a target")

    def __str__(self) -> str:
        return f"Delivery to target {self.target_id}"
