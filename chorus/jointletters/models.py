"""The joint letter: organisations and individuals co-sign one letter that staff moderate and
deliver by hand."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import path
from wagtail.fields import RichTextField

from chorus.actions.results import ResultsTable
from chorus.campaigns.bundling import BundlePlan
from chorus.campaigns.models import CampaignPage, StrOrPromise

from . import bundling, results, services, views
from .forms import JointLetterForm


class JointLetterPage(CampaignPage):
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
        *CampaignPage.head_panels,
        MultiFieldPanel(
            [
                FieldPanel("joint_letter_recipient"),
                FieldPanel("joint_letter_text"),
                FieldPanel("signing_closes_at"),
                FieldPanel("joint_letter_individuals"),
            ],
            heading=_("Joint letter"),
        ),
        *CampaignPage.tail_panels,
    ]
    template = "jointletters/joint_letter_page.html"
    is_creatable = True
    collects = "joint_letter"
    intake_route = "join"
    # Its counts are of signatories staff approved: a decision drops the cached pages instead.
    live_counts_template = ""
    bundle_kind = "joint"
    bundle_lists = _("joint letter signatures")

    class Meta:
        verbose_name = _("joint letter")

    def bundle_plan(self, *, include_comments: bool = False) -> BundlePlan:
        language = self.locale.language_code
        return bundling.bundle_plan(
            self.action_page_id, language, self.joint_letter_text or self.body, self.joint_letter_recipient
        )

    def bundle_review_link(self) -> tuple[str, StrOrPromise]:
        url = reverse("jointletters_admin:joint_letter_moderation", args=[self.action_page_id])
        return url, _("Joint letter signatures waiting for review")

    def results_tables(self) -> list[ResultsTable]:
        return results.results_tables(self.pk)

    def kind_search_text(self) -> Iterable[tuple[str, int]]:
        yield " ".join([self.joint_letter_recipient, strip_tags(self.joint_letter_text)]), 1

    def clean(self) -> None:
        super().clean()
        if not strip_tags(self.joint_letter_text).strip():
            raise ValidationError(
                {"joint_letter_text": _("Write the joint letter before collecting signatures.")}
            )

    def kind_context(self, request: HttpRequest, context: dict[str, Any]) -> dict[str, Any]:
        return views.joint_letter_context(self, context)

    def closed_notice(self, now: datetime.datetime | None = None) -> str:
        return services.closed_notice(self, now) or super().closed_notice(now)

    form_context_name = "signon_form"

    def action_form(self, request: HttpRequest) -> JointLetterForm:
        return JointLetterForm.for_page(self, request.POST, request.FILES)

    def take_action(self, request: HttpRequest, form: JointLetterForm) -> HttpResponse:
        services.sign(self, form.sign_on(request))
        return HttpResponseRedirect(self.url + self.reverse_subpage("join_thanks"))

    @path("join/", name="join")
    def join(self, request: HttpRequest) -> HttpResponse:
        """The joint letter's sign-on form (organisations and individuals)."""
        return self.serve_action(request)

    @path("join/thanks/", name="join_thanks")
    def join_thanks(self, request: HttpRequest) -> HttpResponse:
        return views.join_thanks(self, request)
