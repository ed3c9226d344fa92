"""Call your representative: the supporter phones the office and tells us how it went."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import path

from chorus.campaigns.models import CampaignPage

from .forms import CallForm


class CallPage(CampaignPage):
    phone_number = models.CharField(max_length=40)
    script = models.TextField(blank=True)

    content_panels = [
        *CampaignPage.head_panels,
        FieldPanel("phone_number"),
        FieldPanel("script"),
        *CampaignPage.tail_panels,
    ]
    template = "call_representative/call_page.html"
    is_creatable = True
    collects = "call"
    intake_route = "call"

    def kind_context(self, request: HttpRequest, context: dict[str, Any]) -> dict[str, Any]:
        return {} if "form" in context else {"form": CallForm()}

    def action_form(self, request: HttpRequest) -> CallForm:
        return CallForm(request.POST)

    def take_action(self, request: HttpRequest, form: CallForm) -> HttpResponse:
        from .services import record_call

        record_call(self, form.submission(page=self, request=request), form.cleaned_data["outcome"])
        return HttpResponseRedirect(self.url + self.reverse_subpage("thanks"))

    @path("call/", name="call")
    def call(self, request: HttpRequest) -> HttpResponse:
        return self.serve_action(request)

    @path("call/thanks/", name="thanks")
    def thanks(self, request: HttpRequest) -> HttpResponse:
        return TemplateResponse(request, "call_representative/thanks.html", {"page": self, "self": self})


class CallReport(models.Model):
    """How the call went: kept with the action until its personal data goes."""

    class Outcome(models.TextChoices):
        ANSWERED = "answered", "answered"
        VOICEMAIL = "voicemail", "voicemail"

    action = models.OneToOneField("actions.Action", on_delete=models.CASCADE, related_name="+")
    page_id = models.IntegerField(db_index=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    confirmed = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"Call report {self.pk} ({self.outcome})"
