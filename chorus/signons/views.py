"""Public views of joint letters (called from JointLetterPage's routes) and the delivery
records every campaign page shows."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control

from chorus.core.errors import UserFacingError

from . import records, services, signatories
from .forms import JointLetterForm

if TYPE_CHECKING:
    from chorus.campaigns.models import CampaignPage


def deliveries_context(page: CampaignPage, request: HttpRequest, context: dict[str, Any]) -> dict[str, Any]:
    """What every campaign page shows of its delivery records."""
    return records.public_context(page)


def joint_letter_context(page: CampaignPage, context: dict[str, Any]) -> dict[str, Any]:
    """The letter's counts and signatories, and the form or the notice that replaces it."""
    extra = signatories.public_context(page)
    extra["signing_closed"] = services.closed_notice(page)
    extra["signing_paused"] = services.paused_notice(page) if not extra["signing_closed"] else ""
    if not extra["signing_closed"] and not extra["signing_paused"]:
        extra["signon_form"] = context.get("signon_form") or JointLetterForm.for_page(page)
    return extra


def _private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, no_store=True, no_cache=True, private=True, max_age=0)
    return response


def join(page: CampaignPage, request: HttpRequest) -> HttpResponse:
    """POST the sign-on form: record the signature and go to the thank-you page, or show errors."""
    if request.method != "POST":
        return HttpResponseRedirect(page.url + "#sign-on")
    notice = services.closed_notice(page) or services.paused_notice(page)
    if notice:
        # Nothing is recorded; the page shows the notice in place of the form.
        return _private(page.render(request, context_overrides={"signon_error": notice}))
    form = JointLetterForm.for_page(page, request.POST, request.FILES)
    if form.is_valid():
        try:
            services.sign(page, form.sign_on(request))
        except UserFacingError as error:
            form.add_error(None, error.message)
        else:
            return HttpResponseRedirect(page.url + page.reverse_subpage("join_thanks"))
    elif "form_token" in form.errors:
        form.renew_token()
    return _private(page.render(request, context_overrides={"signon_form": form}))


def join_thanks(page: CampaignPage, request: HttpRequest) -> HttpResponse:
    return TemplateResponse(request, "signons/join_thanks.html", {"page": page, "self": page})
