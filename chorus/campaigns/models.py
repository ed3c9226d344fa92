"""The campaign page every action kind extends, and the letter targets.

A target (an ambassador, a minister, an agency) is a reusable snippet, translatable like a
page: its name, title and salutation in Thai live in its Thai translation. A campaign page
picks its targets; its letter template is a set of translatable fields, so the Thai
translation of the page holds the Thai letter. The page's views live in `views.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from chorus.actions.pages import ActionPageMixin
from chorus.actions.services import is_paused
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
        verbose_name = _("target")
        verbose_name_plural = _("targets")


class CampaignPage(ActionPageMixin, RoutablePageMixin, Page):
    """What every action page of a campaign shares: the summary, the ask, the body, the goal,
    the retention period, the thank-you text and newsflash updates.

    Each kind of action is a page type of its own app that extends this one
    (`petitions.PetitionPage`, `letters.LetterCampaignPage`, `jointletters.JointLetterPage`)
    and adds its fields, routes and template blocks. A page made before the kinds were split
    and collecting nothing stays a plain campaign page; new ones are always of a kind.
    """

    summary = models.TextField(blank=True, verbose_name=_("summary"))
    ask = models.CharField(
        max_length=255,
        blank=True,
        verbose_name=_("the ask"),
        help_text=_("One sentence: what you ask people to do."),
    )
    body = RichTextField(blank=True, verbose_name=_("body"))
    goal = models.PositiveIntegerField(default=1000, verbose_name=_("goal"))
    thank_you = RichTextField(blank=True, verbose_name=_("thank-you text"))
    retention_days = models.PositiveIntegerField(
        default=180,
        verbose_name=_("keep personal data for (days)"),
        help_text=_("After this many days, names and addresses are deleted; counts are kept."),
    )

    # A kind's content panels: the shared head, the kind's own panels, the shared tail.
    head_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("ask"),
        InlinePanel("newsflashes", heading=_("Newsflash updates"), label=_("Newsflash")),
        FieldPanel("body"),
    ]
    tail_panels = [
        MultiFieldPanel(
            [FieldPanel("goal"), FieldPanel("retention_days")], heading=_("Goal and personal data")
        ),
        FieldPanel("thank_you"),
    ]
    content_panels = [*head_panels, *tail_panels]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]

    # New campaign pages are made as one of the kinds.
    is_creatable = False
    # What a delivery bundle of this kind prints ("petition" or "joint"; empty: no bundle).
    bundle_kind = ""
    template = "campaigns/campaign_page.html"

    # What the site search calls this kind of page (news.search shows it with each hit).
    search_kind = _("Campaign")

    class Meta:
        verbose_name = _("campaign page")

    def search_text_parts(self) -> Iterable[tuple[str, int]]:
        """(text, weight) pairs for the site search (news.services.update_search_index)."""
        yield self.title, 3
        yield " ".join([self.summary, self.ask]), 2
        yield strip_tags(self.body), 1
        yield from self.kind_search_text()
        for newsflash in self.newsflashes.all():
            yield strip_tags(newsflash.text), 1

    def kind_search_text(self) -> Iterable[tuple[str, int]]:
        """What a kind adds to the site search (its letter, say)."""
        return ()

    def progress_percent(self) -> int:
        if not self.goal:
            return 0
        return min(100, round(100 * self.counts().total / self.goal))

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["counts"] = self.counts()
        context["paused"] = is_paused(self.action_page_id)
        context.update(self.kind_context(request, context))
        context.update(kind_extras(self, request, context))
        return context

    def kind_context(self, request: HttpRequest, context: dict[str, Any]) -> dict[str, Any]:
        """What the kind's template blocks need (its form, its public list)."""
        return {}

    @path("")
    def campaign(self, request: HttpRequest) -> HttpResponse:
        return self.render(request)


# Context every campaign page adds whatever its kind (delivery records): registered by the app
# that owns it, so this base page does not import it.
ContextHook = Callable[[CampaignPage, HttpRequest, dict[str, Any]], dict[str, Any]]
_context_hooks: list[ContextHook] = []


def on_campaign_context(hook: ContextHook) -> None:
    """Register what every campaign page shows from another app (from `AppConfig.ready`)."""
    if hook not in _context_hooks:
        _context_hooks.append(hook)


def bundle_page_types() -> list[ContentType]:
    """The content types of the campaign page kinds that make delivery bundles."""
    kinds = [model for model in apps.get_models() if issubclass(model, CampaignPage) and model.bundle_kind]
    return list(ContentType.objects.get_for_models(*kinds).values())


def kind_extras(page: CampaignPage, request: HttpRequest, context: dict[str, Any]) -> dict[str, Any]:
    extra: dict[str, Any] = {}
    for hook in _context_hooks:
        extra.update(hook(page, request, extra | context))
    return extra


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
        verbose_name = _("delivery to a target")

    def __str__(self) -> str:
        return f"Delivery to target {self.target_id}"
