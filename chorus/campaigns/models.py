"""Campaign pages and the actions they run: a petition, or letters to targets.

A target (an ambassador, a minister, an agency) is a reusable snippet, translatable like a
page: its name, title and salutation in Thai live in its Thai translation. A campaign page
picks its targets; its letter template is a set of translatable fields, so the Thai
translation of the page holds the Thai letter. The page's views live in `views.py`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
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
from chorus.core.errors import UserFacingError

from .forms import PetitionForm

PLACEHOLDER_HELP = _(
    "Placeholders: {target_salutation} {target_name} {target_title} {target_organisation} "
    "{target_address} {supporter_name} {supporter_city} {supporter_country} {date} "
    "{personal_paragraph}. Separate paragraphs with an empty line."
)


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
    translation and are read from the original (see `campaigns.compose.canonical_targets`).
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
    summary = models.TextField(blank=True, verbose_name=_("summary"))
    ask = models.CharField(
        max_length=255,
        blank=True,
        verbose_name=_("the ask"),
        help_text=_("One sentence: what you ask people to do."),
    )
    body = RichTextField(blank=True, verbose_name=_("body"))
    petition_enabled = models.BooleanField(default=True, verbose_name=_("collect petition signatures"))
    goal = models.PositiveIntegerField(default=1000, verbose_name=_("goal"))
    thank_you = RichTextField(blank=True, verbose_name=_("thank-you text"))
    retention_days = models.PositiveIntegerField(
        default=180,
        verbose_name=_("keep personal data for (days)"),
        help_text=_("After this many days, names and addresses are deleted; counts are kept."),
    )

    letters_enabled = models.BooleanField(default=False, verbose_name=_("collect letters to targets"))
    # The letter template: translated with the page, so each translation holds its language's letter.
    letter_subject = models.CharField(max_length=255, blank=True, verbose_name=_("letter subject"))
    letter_salutation = models.CharField(
        max_length=255,
        blank=True,
        verbose_name=_("default salutation"),
        help_text=_("For targets without a salutation in this language, e.g. “Dear {target_name},”."),
    )
    letter_body = models.TextField(blank=True, verbose_name=_("letter body"), help_text=PLACEHOLDER_HELP)
    letter_closing = models.CharField(
        max_length=255, blank=True, verbose_name=_("closing"), help_text=_("E.g. “Yours sincerely,”.")
    )
    letter_editable = models.BooleanField(default=False, verbose_name=_("supporters may edit the letter"))
    letter_ask_email = models.BooleanField(
        default=True,
        verbose_name=_("ask for an email address"),
        help_text=_(
            "Optional for supporters; needed to confirm, to send the letter for them, and for updates."
        ),
    )
    letter_ask_city = models.BooleanField(default=True, verbose_name=_("ask for the supporter's city"))
    letter_ask_country = models.BooleanField(default=True, verbose_name=_("ask for the supporter's country"))
    letter_ask_personal = models.BooleanField(default=True, verbose_name=_("offer a personal paragraph"))
    letter_send_for_me = models.BooleanField(
        default=True, verbose_name=_("offer to send the letter for them")
    )
    letter_ask_updates = models.BooleanField(
        default=False, verbose_name=_("ask for consent to send updates about this campaign")
    )

    # Petition extras: what signers may make public.
    petition_ask_display_name = models.BooleanField(
        default=True,
        verbose_name=_("offer to show a display name publicly"),
        help_text=_("Signers who opt in appear under “Recent signers” once they have confirmed."),
    )
    petition_ask_comment = models.BooleanField(
        default=False,
        verbose_name=_("offer a public comment"),
        help_text=_("Comments are shown only after staff approve them."),
    )

    # Joint letter: organisations and individuals co-sign one letter, moderated by staff.
    joint_letter_enabled = models.BooleanField(
        default=False, verbose_name=_("collect joint letter signatures")
    )
    joint_letter_text = RichTextField(
        blank=True,
        verbose_name=_("joint letter"),
        help_text=_(
            "The letter organisations and individuals co-sign; it is the cover letter of the bundle."
        ),
    )
    joint_letter_recipient = models.CharField(
        max_length=255,
        blank=True,
        verbose_name=_("addressed to"),
        help_text=_("E.g. “H.E. the Ambassador of the Kingdom of Thailand”."),
    )
    signing_closes_at = models.DateTimeField(
        null=True,
        blank=True,
        verbose_name=_("signing closes"),
        help_text=_("After this moment the form is replaced by a notice. Empty: open until you pause it."),
    )
    joint_letter_individuals = models.BooleanField(
        default=True, verbose_name=_("individuals may sign as well as organisations")
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("ask"),
        InlinePanel("newsflashes", heading=_("Newsflash updates"), label=_("Newsflash")),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("petition_enabled"), FieldPanel("goal"), FieldPanel("retention_days")],
            heading=_("Petition and goal"),
        ),
        MultiFieldPanel(
            [FieldPanel("petition_ask_display_name"), FieldPanel("petition_ask_comment")],
            heading=_("Petition: public names and comments"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("joint_letter_enabled"),
                FieldPanel("joint_letter_recipient"),
                FieldPanel("joint_letter_text"),
                FieldPanel("signing_closes_at"),
                FieldPanel("joint_letter_individuals"),
            ],
            heading=_("Joint letter"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("letters_enabled"),
                InlinePanel("campaign_targets", heading=_("Targets"), label=_("Target")),
                FieldPanel("letter_subject"),
                FieldPanel("letter_salutation"),
                FieldPanel("letter_body"),
                FieldPanel("letter_closing"),
            ],
            heading=_("Letter to targets"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("letter_editable"),
                FieldPanel("letter_ask_email"),
                FieldPanel("letter_ask_city"),
                FieldPanel("letter_ask_country"),
                FieldPanel("letter_ask_personal"),
                FieldPanel("letter_send_for_me"),
                FieldPanel("letter_ask_updates"),
            ],
            heading=_("Letter form"),
        ),
        FieldPanel("thank_you"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]

    # What the site search calls this kind of page (news.search shows it with each hit).
    search_kind = _("Campaign")

    class Meta:
        verbose_name = _("campaign page")

    def search_text_parts(self) -> Iterable[tuple[str, int]]:
        """(text, weight) pairs for the site search (news.services.update_search_index)."""
        yield self.title, 3
        yield " ".join([self.summary, self.ask]), 2
        yield strip_tags(self.body), 1
        if self.joint_letter_enabled:
            yield " ".join([self.joint_letter_recipient, strip_tags(self.joint_letter_text)]), 1
        for newsflash in self.newsflashes.all():
            yield strip_tags(newsflash.text), 1

    def clean(self) -> None:
        super().clean()
        if sum([self.petition_enabled, self.letters_enabled, self.joint_letter_enabled]) > 1:
            # Counts and "one action per person" are per page: one action per campaign page.
            raise ValidationError(
                _(
                    "A campaign page collects one kind of action: petition signatures, letters "
                    "or joint letter signatures."
                )
            )
        if self.joint_letter_enabled and not strip_tags(self.joint_letter_text).strip():
            raise ValidationError(
                {"joint_letter_text": _("Write the joint letter before collecting signatures.")}
            )
        if self.letters_enabled and not self.letter_body.strip():
            raise ValidationError({"letter_body": _("Write the letter before collecting letters.")})

    def progress_percent(self) -> int:
        if not self.goal:
            return 0
        return min(100, round(100 * self.counts().total / self.goal))

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["counts"] = self.counts()
        context["paused"] = is_paused(self.action_page_id)
        context.setdefault("form", PetitionForm.for_page(self) if self.petition_enabled else None)
        if self.letters_enabled:
            from . import views

            context.update(views.letter_context(self, request, context))
        from chorus.signons import views as signons

        context.update(signons.campaign_context(self, request, context))
        return context

    @path("")
    def campaign(self, request: HttpRequest) -> HttpResponse:
        return self.render(request)

    @path("sign/", name="sign")
    def sign(self, request: HttpRequest) -> HttpResponse:
        if request.method != "POST" or not self.petition_enabled:
            return HttpResponseRedirect(self.url)
        from chorus.signons import petition

        form = PetitionForm.for_page(self, request.POST)
        if form.is_valid():
            try:
                # The action and what the signer chose to make public, in one transaction.
                petition.sign_petition(
                    form.submission(
                        page_id=self.action_page_id, request=request, retention_days=self.retention_days
                    ),
                    form.public_part(),
                )
            except UserFacingError as error:
                form.add_error(None, error.message)
            else:
                return HttpResponseRedirect(self.url + self.reverse_subpage("thanks"))
        elif "form_token" in form.errors:
            form.renew_token()
        return self.render(request, context_overrides={"form": form})

    @path("join/", name="join")
    def join(self, request: HttpRequest) -> HttpResponse:
        """The joint letter's sign-on form (organisations and individuals)."""
        from chorus.signons import views as signons

        return signons.join(self, request)

    @path("join/thanks/", name="join_thanks")
    def join_thanks(self, request: HttpRequest) -> HttpResponse:
        from chorus.signons import views as signons

        return signons.join_thanks(self, request)

    @path("thanks/", name="thanks")
    def thanks(self, request: HttpRequest) -> HttpResponse:
        return TemplateResponse(request, "campaigns/thanks.html", self.get_context(request))

    @path("write/", name="write")
    def write(self, request: HttpRequest) -> HttpResponse:
        from . import views

        return views.write(self, request)

    @path("letter/", name="letter_file")
    def letter_file(self, request: HttpRequest) -> HttpResponse:
        from . import views

        return views.letter_file(self, request)

    @path("letters/", name="letter_status")
    def letter_status(self, request: HttpRequest) -> HttpResponse:
        from . import views

        return views.letter_status(self, request)

    # Links mailed before the token moved into the query string (see views.old_letter_status).
    @path("letters/<str:token>/", name="old_letter_status")
    def old_letter_status(self, request: HttpRequest, token: str) -> HttpResponse:
        from . import views

        return views.old_letter_status(self, request, token)


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
