"""What every supporter-facing form checks the same way: one-line fields and lengths."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

# C0 and C1 control characters (NUL, line breaks, escapes): never part of a name or a title.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")

# Django's own wording is terse and has no Khmer: ours, translated in every catalogue.
TOO_LONG = {
    "max_length": _("Please shorten this to at most %(limit_value)s characters (it has %(show_value)s).")
}


def single_line(value: str) -> None:
    """Validator: the value is one line without control characters."""
    if CONTROL_CHARACTERS.search(value):
        raise forms.ValidationError(
            _("Please write this on one line, without special characters."), code="control"
        )
