"""The RSVP form: a name, an optional email address and consent."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from chorus.actions.forms import ActionForm
from chorus.actions.models import Action
from chorus.actions.services import ConsentGiven, Submission
from chorus.core.forms import single_line
from chorus.supporters.models import Consent

# Bump when the wording of the consent text changes, so each consent record names what was shown.
RSVP_CONSENT_VERSION = "rsvp-consent-2026-12"

NAME_MAX = 120


class RSVPForm(ActionForm):
    """Without an email address nothing needs confirming: the RSVP counts as unconfirmed.
    With one, the engine sends a confirmation mail."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=NAME_MAX,
        validators=[single_line],
        error_messages={
            "required": _("Please give your name, so that the organisers know who is coming."),
            "max_length": _(
                "Please shorten this to at most %(limit_value)s characters (it has %(show_value)s)."
            ),
        },
    )
    email = forms.EmailField(
        label=_("Your email address (optional)"),
        help_text=_("Only to confirm your RSVP. Leave it empty and nothing needs confirming."),
        max_length=254,
        required=False,
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that my name (and email address, if I give one) are kept, encrypted, so that the "
            "organisers know who is coming, and deleted after the event."
        ),
        error_messages={"required": _("Please agree, so that we can count your place.")},
    )

    field_order = ["name", "email", "consent", "website", "form_token"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def submission(self, *, page_id: int, request: HttpRequest, retention_days: int) -> Submission:
        data = self.cleaned_data
        email = str(data.get("email") or "").strip()
        details = {"name": data["name"]}
        if email:
            details["email"] = email
        return Submission(
            page_id=page_id,
            kind=Action.Kind.RSVP,
            language=translation.get_language() or "en",
            submission_key=self.submission_key,
            details=details,
            email=email,
            consents=[ConsentGiven(Consent.Purpose.ACTION, RSVP_CONSENT_VERSION)],
            retention_days=retention_days,
            signals=self.signals(request),
        )
