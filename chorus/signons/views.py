"""Public views of joint letters (called from JointLetterPage's routes) and the delivery
records every campaign page shows."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control

from . import records, signatories
from .forms import JointLetterForm

if TYPE_CHECKING:
    from chorus.campaigns.models import CampaignPage


def deliveries_context(page: CampaignPage, request: HttpRequest, context: dict[str, Any]) -> dict[str, Any]:
    """What every campaign page shows of its delivery records."""
    return records.public_context(page)


def joint_letter_context(page: CampaignPage, context: dict[str, Any]) -> dict[str, Any]:
    """The letter's counts and signatories, and the form or the notice that replaces it."""
    extra = signatories.public_context(page)
    extra["intake_notice"] = page.closed_notice()
    if not extra["intake_notice"]:
        extra["signon_form"] = context.get("signon_form") or JointLetterForm.for_page(page)
    return extra


def _private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, no_store=True, no_cache=True, private=True, max_age=0)
    return response


def join_thanks(page: CampaignPage, request: HttpRequest) -> HttpResponse:
    return TemplateResponse(request, "signons/join_thanks.html", {"page": page, "self": page})
