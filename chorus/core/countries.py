"""Country names in each site language, from the Unicode CLDR (via Babel)."""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

from babel import Locale
from django import forms
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

# Django language codes → CLDR locale identifiers.
_CLDR = {"zh-hans": "zh_Hans", "zh-hant": "zh_Hant"}
# CLDR territories that are not countries a person lives in.
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"}


@cache
def _choices(language: str) -> tuple[tuple[str, str], ...]:
    locale = Locale.parse(_CLDR.get(language, language))
    names = {
        code: name
        for code, name in locale.territories.items()
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
    }
    return tuple(sorted(names.items(), key=lambda item: item[1]))


def country_choices(language: str | None = None) -> list[tuple[str, str]]:
    return list(_choices(language or translation.get_language() or "en"))


def country_name(code: str, language: str | None = None) -> str:
    return dict(_choices(language or translation.get_language() or "en")).get(code.upper(), code)


@lru_cache(maxsize=64)
def _options_html(choices: tuple[tuple[str, str], ...]) -> str:
    return format_html_join("\n", '<option value="{}">{}</option>', choices)


class CountrySelect(forms.Select):
    """A country `<select>` whose ~250 options are made into HTML once per language and
    process, then only marked where one is chosen.

    Django renders each option through its own template (8–9 ms a select on the demo
    machine, most of a campaign page); the HTML here is the same, made with string
    formatting and kept by `_options_html`, keyed by the choices as the active language
    shows them."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        choices = tuple((str(code), str(label)) for code, label in self.choices)
        options = _options_html(choices)
        for chosen in self.format_value(value):
            marker = format_html('<option value="{}">', chosen)
            options = options.replace(marker, f"{marker[:-1]} selected>", 1)
        opening = format_html('<select name="{}"{}>', name, _attributes(self.build_attrs(self.attrs, attrs)))
        # Each part is escaped: the options by format_html_join, the opening tag by format_html.
        return mark_safe(f"{opening}\n{options}\n</select>")  # noqa: S308


def _attributes(attrs: dict[str, Any]) -> SafeString:
    """The attributes as Django's widget template writes them: in order, `True` as a bare name."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False and value is not None
        ),
    )
