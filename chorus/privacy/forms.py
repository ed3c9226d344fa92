from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class DataRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        error_messages={"invalid": _("Please enter an email address like name@example.org.")},
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["email"].widget.attrs["autocomplete"] = "email"


class ForgetForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
