from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from chorus.actions.forms import ActionForm
from chorus.actions.services import ConsentGiven, Submission
from chorus.core.countries import country_choices
from chorus.supporters.models import Consent

# Bump when the wording of the consent text changes, so each consent record names what was shown.
PETITION_CONSENT_VERSION = "petition-consent-2026-11"


class PetitionForm(ActionForm):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("Your email address"), max_length=254)
    country = forms.ChoiceField(label=_("Country where you live"), required=False)
    consent = forms.BooleanField(
        label=_(
            "I agree that my name and email address are kept, encrypted, to confirm and count my "
            "signature, and deleted when the campaign ends."
        ),
        error_messages={"required": _("Please agree so that we can count your signature.")},
    )
    updates = forms.BooleanField(label=_("Send me updates about this campaign (optional)"), required=False)

    field_order = ["name", "email", "country", "consent", "updates", "website", "form_token"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        country = self.fields["country"]
        assert isinstance(country, forms.ChoiceField)
        country.choices = [("", _("Prefer not to say")), *country_choices()]
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"

    def submission(self, *, page_id: int, request: HttpRequest, retention_days: int | None) -> Submission:
        data = self.cleaned_data
        consents = [ConsentGiven(Consent.Purpose.ACTION, PETITION_CONSENT_VERSION)]
        if data.get("updates"):
            consents.append(ConsentGiven(Consent.Purpose.UPDATES, PETITION_CONSENT_VERSION))
        return Submission(
            page_id=page_id,
            kind="petition",
            language=translation.get_language() or "en",
            submission_key=self.submission_key,
            details={"name": data["name"], "email": data["email"]},
            email=data["email"],
            country=data.get("country") or "",
            consents=consents,
            subscribe_updates=bool(data.get("updates")),
            retention_days=retention_days,
            signals=self.signals(request),
        )
