from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils import translation

from chorus.actions.forms import ActionForm
from chorus.actions.services import ConsentGiven, Submission
from chorus.core.forms import TOO_LONG, single_line
from chorus.supporters.models import Consent


class CallForm(ActionForm):
    name = forms.CharField(max_length=120, validators=[single_line], error_messages=TOO_LONG)
    email = forms.EmailField(max_length=254)
    outcome = forms.ChoiceField(choices=[("answered", "answered"), ("voicemail", "voicemail")])
    consent = forms.BooleanField()

    def submission(self, *, page: Any, request: HttpRequest) -> Submission:
        data = self.cleaned_data
        return Submission(
            page_id=page.action_page_id,
            kind="call",
            language=translation.get_language() or "en",
            submission_key=self.submission_key,
            details={"name": data["name"], "email": data["email"]},
            email=data["email"],
            consents=[ConsentGiven(Consent.Purpose.ACTION, "call-consent-test")],
            retention_days=page.retention_days,
            signals=self.signals(request),
        )
