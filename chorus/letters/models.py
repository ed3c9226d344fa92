"""Letters to targets: each supporter writes to the campaign's decision-makers, downloads the
letters, has them sent, or opens them in their own mail program.

The letter template is a set of translatable fields, so the Thai translation of the page holds
the Thai letter. The targets are `Target` snippets chosen on the page; letters sent on a
supporter's behalf wait as `QueuedLetter`s, paced per target by `TargetDelivery`.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import path

from chorus.actions.results import ResultsTable
from chorus.campaigns.models import CampaignPage

from . import results, views

# Counters of letters per target and way, and letters in the outbox until counted (counters.py).
from .compose import letter_setup
from .counters import LetterDispatch, LetterTally  # noqa: F401
from .forms import LetterForm

# The target directory and the letters waiting for targets: models of this app, in their own
# module so that the page's views (which read them) can be imported here.
from .targets import CampaignTarget, QueuedLetter, Target, TargetDelivery  # noqa: F401

PLACEHOLDER_HELP = _(
    "Placeholders: {target_salutation} {target_name} {target_title} {target_organisation} "
    "{target_address} {supporter_name} {supporter_city} {supporter_country} {date} "
    "{personal_paragraph}. Separate paragraphs with an empty line."
)


class LetterCampaignPage(CampaignPage):
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

    content_panels = [
        *CampaignPage.head_panels,
        MultiFieldPanel(
            [
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
        *CampaignPage.tail_panels,
    ]
    template = "letters/letter_campaign_page.html"
    is_creatable = True
    collects = "letter"
    intake_route = "write"

    class Meta:
        verbose_name = _("letter campaign")

    def clean(self) -> None:
        super().clean()
        if not self.letter_body.strip():
            raise ValidationError({"letter_body": _("Write the letter before collecting letters.")})

    def results_tables(self) -> list[ResultsTable]:
        return results.results_tables(self.pk)

    def kind_context(self, request: HttpRequest, context: dict[str, Any]) -> dict[str, Any]:
        return views.letter_context(self, request, context)

    form_context_name = "letter_form"

    def keep_warm(self) -> None:
        letter_setup(self)

    def action_form(self, request: HttpRequest) -> LetterForm:
        return views.bound_form(self, request)

    def take_action(self, request: HttpRequest, form: LetterForm) -> HttpResponse:
        return views.preview_or_send(self, request, form)

    @path("write/", name="write")
    def write(self, request: HttpRequest) -> HttpResponse:
        """POST only: `step=preview` shows the finished letters, `step=edit` goes back to the
        form, `step=send` records the letter and answers with the thank-you page."""
        if request.method == "POST" and request.POST.get("step") == "edit":
            return views.edit(self, request)
        return self.serve_action(request)

    @path("letter/", name="letter_file")
    def letter_file(self, request: HttpRequest) -> HttpResponse:
        return views.letter_file(self, request)

    @path("letter/mailed/", name="letter_mailed")
    def letter_mailed(self, request: HttpRequest) -> HttpResponse:
        return views.letter_mailed(self, request)

    @path("letters/", name="letter_status")
    def letter_status(self, request: HttpRequest) -> HttpResponse:
        return views.letter_status(self, request)

    # Links mailed before the token moved into the query string (see views.old_letter_status).
    @path("letters/<str:token>/", name="old_letter_status")
    def old_letter_status(self, request: HttpRequest, token: str) -> HttpResponse:
        return views.old_letter_status(self, request, token)
