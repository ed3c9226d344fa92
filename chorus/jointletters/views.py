"""Public views of the joint letter, called from JointLetterPage's routes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from . import signatories
from .forms import JointLetterForm

if TYPE_CHECKING:
    from .models import JointLetterPage


def joint_letter_context(page: JointLetterPage, context: dict[str, Any]) -> dict[str, Any]:
    """The letter's counts and signatories, and the form or the notice that replaces it."""
    extra = signatories.public_context(page)
    extra["intake_notice"] = page.closed_notice()
    if not extra["intake_notice"]:
        extra["signon_form"] = context.get("signon_form") or JointLetterForm.for_page(page)
    return extra


def join_thanks(page: JointLetterPage, request: HttpRequest) -> HttpResponse:
    return TemplateResponse(request, "jointletters/join_thanks.html", {"page": page, "self": page})
