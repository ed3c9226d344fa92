"""The petition: people sign, may show a display name and leave a comment staff approve."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import path

from chorus.campaigns.bundling import BundlePlan
from chorus.campaigns.models import CampaignPage, StrOrPromise

from . import bundling
from . import services as petition
from .forms import PetitionForm


class PetitionPage(CampaignPage):
    # What signers may make public.
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

    content_panels = [
        *CampaignPage.head_panels,
        MultiFieldPanel(
            [FieldPanel("petition_ask_display_name"), FieldPanel("petition_ask_comment")],
            heading=_("Petition: public names and comments"),
        ),
        *CampaignPage.tail_panels,
    ]
    template = "petitions/petition_page.html"
    is_creatable = True
    collects = "petition"
    intake_route = "sign"
    bundle_kind = "petition"
    bundle_offers_comments = True
    bundle_lists = _("petition signatures")

    class Meta:
        verbose_name = _("petition")

    def bundle_plan(self, *, include_comments: bool = False) -> BundlePlan:
        return bundling.bundle_plan(self.action_page_id, self.body, include_comments=include_comments)

    def bundle_review_link(self) -> tuple[str, StrOrPromise]:
        return reverse("petitions_admin:comments"), _("Petition comments waiting for review")

    def kind_context(self, request: HttpRequest, context: dict[str, Any]) -> dict[str, Any]:
        extra = petition.public_context(self)
        if "form" not in context:
            extra["form"] = PetitionForm.for_page(self)
        return extra

    def action_form(self, request: HttpRequest) -> PetitionForm:
        return PetitionForm.for_page(self, request.POST)

    def take_action(self, request: HttpRequest, form: PetitionForm) -> HttpResponse:
        # The action and what the signer chose to make public, in one transaction.
        petition.sign_petition(
            form.submission(page_id=self.action_page_id, request=request, retention_days=self.retention_days),
            form.public_part(),
        )
        return HttpResponseRedirect(self.url + self.reverse_subpage("thanks"))

    @path("sign/", name="sign")
    def sign(self, request: HttpRequest) -> HttpResponse:
        return self.serve_action(request)

    @path("thanks/", name="thanks")
    def thanks(self, request: HttpRequest) -> HttpResponse:
        return TemplateResponse(request, "petitions/thanks.html", self.get_context(request))
