"""Country names in each site language, from the Unicode CLDR (via Babel)."""

from __future__ import annotations

from functools import cache

from babel import Locale
from django.utils import translation

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
