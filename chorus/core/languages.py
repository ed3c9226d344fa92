"""The site's languages: their codes, their own names, and their BCP 47 tags."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

# Django's codes are lower-case; HTML `lang` and `hreflang` want BCP 47 script subtags.
_BCP47 = {"zh-hans": "zh-Hans", "zh-hant": "zh-Hant"}


@dataclass(frozen=True)
class Language:
    code: str
    name: str

    @property
    def tag(self) -> str:
        return bcp47(self.code)


def bcp47(code: str) -> str:
    return _BCP47.get(code.lower(), code)


def site_languages() -> list[Language]:
    return [Language(code, name) for code, name in settings.LANGUAGES]


def language_name(code: str) -> str:
    return dict(settings.LANGUAGES).get(code, code)
