"""The parts every action form shares: a signed form token and a honeypot."""

from __future__ import annotations

import time
from typing import Any

from django import forms
from django.core import signing
from django.http import HttpRequest, QueryDict
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from chorus.core.http import client_ip

from . import anti_abuse
from .services import new_submission_key

_FORM_SALT = "chorus.actions.form"
_SUBMISSION_SALT = "chorus.actions.submission"
# Fields of a POST that are not what the person typed or chose: the tokens.
_NOT_TYPED = frozenset({"form_token", "csrfmiddlewaretoken"})


def new_form_token(started_at: float | None = None) -> str:
    """A signed token naming this rendering of the form (its submission key) and when it was shown."""
    started = time.time() if started_at is None else started_at
    return signing.dumps({"k": new_submission_key(), "t": started}, salt=_FORM_SALT)


def restamped_token(cached: str, shown_seconds: float) -> str:
    """A new form token for a form that came from a cache, with its own key, and the time the
    visitor's browser says it showed the form (`shown_seconds` ago) as its start: never before
    the cached token's own time (when the page was made), so claiming more gains nothing over
    sending the cached form as it is; without a valid cached token, now."""
    now = time.time()
    try:
        made = float(signing.loads(cached, salt=_FORM_SALT, max_age=24 * 3600)["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return new_form_token(now)
    return new_form_token(max(made, now - max(0.0, shown_seconds)))


class ActionForm(forms.Form):
    """Base of petition, letter and sign-on forms."""

    form_token = forms.CharField(widget=forms.HiddenInput)
    # Humans never see or fill this field; many bots fill every field they find.
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # No colon after labels: it reads wrongly after a checkbox's sentence, in every language.
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("form_token", new_form_token())

    def clean_form_token(self) -> dict[str, Any]:
        try:
            value = signing.loads(self.cleaned_data["form_token"], salt=_FORM_SALT, max_age=24 * 3600)
        except signing.BadSignature as error:
            raise forms.ValidationError(
                _("This form has expired. Please check your details and send it again."), code="expired"
            ) from error
        return value

    @property
    def submission_key(self) -> str:
        """One submission of one person: the form token's random key together with everything
        the form carried. A reload or a double click sends both again, a replay that gets the
        action already recorded; another person who posts the same token (a page served from a
        shared cache, a form passed on) sent other details, and makes an action of their own.

        A keyed hash (docs/privacy.md): it shows nothing typed, and only confirms a guess of
        every field at once with the form's key and the server's secret in hand."""
        getlist = getattr(self.data, "getlist", None)
        typed = sorted(
            (name, str(value))
            for name in self.data
            if name not in _NOT_TYPED
            for value in (getlist(name) if getlist else [self.data[name]])
        )
        files = sorted(
            (name, getattr(upload, "name", "") or "", getattr(upload, "size", 0) or 0)
            for name, upload in self.files.items()
        )
        payload = repr((self.cleaned_data["form_token"]["k"], typed, files))
        return salted_hmac(_SUBMISSION_SALT, payload, algorithm="sha256").hexdigest()

    def signals(self, request: HttpRequest) -> anti_abuse.Signals:
        return anti_abuse.Signals(
            client_ip=client_ip(request),
            honeypot=self.cleaned_data.get("website") or "",
            fill_seconds=time.time() - float(self.cleaned_data["form_token"]["t"]),
        )

    def renew_token(self) -> None:
        """After an expired token, give the re-rendered form a fresh one (keeping what was typed)."""
        data = QueryDict(mutable=True)
        data.update(self.data)
        data["form_token"] = new_form_token()
        self.data = data
