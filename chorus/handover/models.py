"""Delivery bundles (the printable PDF staff hand over) and delivery records (a hand delivery,
announced as newsflashes, with photos).

The tables keep the names they had in the signons app, where these models began.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable


class DeliveryBundle(models.Model):
    """The printable PDF staff hand over: cover letter, then the signatories. Built by a task."""

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("being prepared")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    language = models.CharField(_("language of the cover letter"), max_length=12)
    include_comments = models.BooleanField(_("include comments"), default=False)
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    # Which run of the task owns the bundle: each claim takes the next number, and a run writes
    # progress and its outcome only while it is still the owner (a retry supersedes it).
    run = models.PositiveIntegerField(default=0)
    # Relative to CHORUS_BUNDLE_DIR (private storage, served to staff only).
    file_name = models.CharField(max_length=200, blank=True)
    error = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Last sign of life: the task sets it as it claims the bundle and after each typeset part
    # (`.update()` calls set it explicitly). A queued or running bundle silent for long is stale.
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "signons_deliverybundle"
        verbose_name = _("delivery bundle")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Bundle {self.pk} ({self.state})"

    @property
    def percent(self) -> int:
        if self.state == self.State.READY:
            return 100
        return min(100, round(100 * self.done / self.total)) if self.total else 0


class DeliveryRecord(ClusterableModel):
    """A hand delivery: when, where, by whom, to whom, with photos. Saving it publishes the
    announcements as newsflashes on the campaign and, if asked, mails opted-in signers."""

    campaign = models.ForeignKey(
        "campaigns.CampaignPage", on_delete=models.PROTECT, related_name="+", verbose_name=_("campaign")
    )
    delivered_at = models.DateTimeField(_("delivered on"))
    place = models.CharField(_("where"), max_length=200)
    delivered_by = models.CharField(_("delivered by"), max_length=200)
    delivered_to = models.CharField(_("received by"), max_length=200)
    mail_signers = models.BooleanField(
        _("mail the update to signers who asked for updates"),
        default=False,
        help_text=_("Only confirmed signers who opted in. Each gets it once, in their language if written."),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    mailed_at = models.DateTimeField(_("mailed to signers"), null=True, blank=True, editable=False)
    # When someone allowed to publish handed the mailing to the task; it fixes who gets it.
    mailing_started_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("campaign"),
        MultiFieldPanel(
            [
                FieldPanel("delivered_at"),
                FieldPanel("place"),
                FieldPanel("delivered_by"),
                FieldPanel("delivered_to"),
            ],
            heading=_("The delivery"),
        ),
        InlinePanel("announcements", heading=_("Newsflash, in the languages you write"), label=_("Language")),
        InlinePanel("photos", heading=_("Photos"), label=_("Photo")),
        FieldPanel("mail_signers"),
    ]

    class Meta:
        db_table = "signons_deliveryrecord"
        verbose_name = _("delivery record")
        verbose_name_plural = _("delivery records")
        ordering = ["-delivered_at"]

    def __str__(self) -> str:
        return f"{self.campaign} — {self.delivered_to}"


def caption_lines(text: str) -> list[str]:
    """An announcement's photo captions: one line per photo, in the photos' order."""
    lines = text.replace("\r\n", "\n").split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    return [line.strip() for line in lines]


class DeliveryAnnouncement(Orderable):
    """The record in one language: the newsflash text and the delivery's facts and photo
    captions as that language's readers see them (blank: the record's own wording)."""

    record = ParentalKey(DeliveryRecord, on_delete=models.CASCADE, related_name="announcements")
    language = models.CharField(_("language"), max_length=12, choices=settings.LANGUAGES)
    text = models.TextField(_("update"), max_length=2000)
    place = models.CharField(_("where, in this language"), max_length=200, blank=True)
    delivered_by = models.CharField(_("delivered by, in this language"), max_length=200, blank=True)
    delivered_to = models.CharField(_("received by, in this language"), max_length=200, blank=True)
    captions = models.TextField(
        _("photo captions, in this language"),
        blank=True,
        max_length=4000,
        help_text=_(
            "One line per photo, in the order of the photos. An empty line keeps the photo's own caption."
        ),
    )
    newsflash = models.ForeignKey(
        "news.Newsflash", on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )

    panels = [
        FieldPanel("language"),
        FieldPanel("text"),
        FieldPanel("place"),
        FieldPanel("delivered_by"),
        FieldPanel("delivered_to"),
        FieldPanel("captions"),
    ]

    class Meta(Orderable.Meta):
        db_table = "signons_deliveryannouncement"
        verbose_name = _("announcement")
        constraints = [
            models.UniqueConstraint(fields=["record", "language"], name="one_announcement_per_language")
        ]


class DeliveryPhoto(Orderable):
    record = ParentalKey(DeliveryRecord, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.CASCADE, related_name="+", verbose_name=_("image")
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        db_table = "signons_deliveryphoto"
        verbose_name = _("photo")
