"""How a letter is typeset in each of its languages: fonts, language tags, line breaking.

One table serves both formats, so the PDF and the DOCX of a letter agree on their fonts.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from django.utils.translation import gettext as _

from chorus.core.errors import UserFacingError

LATIN = "Noto Sans"
THAI = "Noto Sans Thai"
KHMER = "Noto Sans Khmer"
CJK_SC = "Noto Sans CJK SC"
CJK_TC = "Noto Sans CJK TC"
CJK_KR = "Noto Sans CJK KR"
# Last in every fallback list: a name or message with an emoji prints it instead of a box.
EMOJI = "Noto Color Emoji"


class Script(Enum):
    """The scripts Word and LibreOffice pick a font slot for (ascii/hAnsi, eastAsia, cs)."""

    OTHER = "other"
    THAI = "thai"
    KHMER = "khmer"
    CJK = "cjk"


@dataclass(frozen=True)
class LetterLanguage:
    code: str  # Django language code
    cldr_locale: str  # Babel locale for the date
    typst_lang: str  # ISO 639 code for typst's `text(lang:)`: hyphenation, line breaking, quotes
    typst_region: str | None  # ISO 3166 region: picks Simplified or Traditional conventions
    # The font for this language's own script; the others follow as fallbacks, so a Thai
    # supporter's name in a Korean letter is still drawn.
    primary_font: str
    cjk_font: str  # the CJK face for Han and Hangul in this letter
    justify: bool  # Thai and Khmer have no spaces between words: justified lines gape
    # Word and LibreOffice justify Korean by stretching the spaces between words (typst also
    # spreads Hangul syllables), which leaves holes: DOCX Korean stays ragged-right.
    word_justify: bool
    leading_em: float  # stacked Thai marks and Khmer subscripts need taller lines
    word_tag: str  # BCP 47 tag for w:lang w:val
    word_east_asia_tag: str  # w:lang w:eastAsia (LibreOffice picks CJK JP without it)

    @property
    def is_cjk(self) -> bool:
        return self.primary_font == self.cjk_font

    def typst_fonts(self) -> list[str]:
        """Font families in fallback order for typst."""
        order = [self.primary_font, LATIN, THAI, KHMER, self.cjk_font, EMOJI]
        return list(dict.fromkeys(order))


def _language(code: str, **fields: Any) -> tuple[str, LetterLanguage]:
    return code, LetterLanguage(code=code, **fields)


LANGUAGES: dict[str, LetterLanguage] = dict(
    (
        _language(
            "en",
            cldr_locale="en_GB",
            typst_lang="en",
            typst_region=None,
            primary_font=LATIN,
            cjk_font=CJK_SC,
            justify=True,
            word_justify=True,
            leading_em=0.7,
            word_tag="en-GB",
            word_east_asia_tag="zh-CN",
        ),
        _language(
            "th",
            cldr_locale="th_TH",
            typst_lang="th",
            typst_region="th",
            primary_font=THAI,
            cjk_font=CJK_SC,
            justify=False,
            word_justify=False,
            leading_em=0.95,
            word_tag="th-TH",
            word_east_asia_tag="zh-CN",
        ),
        _language(
            "km",
            cldr_locale="km_KH",
            typst_lang="km",
            typst_region="kh",
            primary_font=KHMER,
            cjk_font=CJK_SC,
            justify=False,
            word_justify=False,
            leading_em=1.15,
            word_tag="km-KH",
            word_east_asia_tag="zh-CN",
        ),
        _language(
            "zh-hans",
            cldr_locale="zh_Hans_CN",
            typst_lang="zh",
            typst_region="cn",
            primary_font=CJK_SC,
            cjk_font=CJK_SC,
            justify=True,
            word_justify=True,
            leading_em=0.9,
            word_tag="zh-CN",
            word_east_asia_tag="zh-CN",
        ),
        _language(
            "zh-hant",
            cldr_locale="zh_Hant_TW",
            typst_lang="zh",
            typst_region="tw",
            primary_font=CJK_TC,
            cjk_font=CJK_TC,
            justify=True,
            word_justify=True,
            leading_em=0.9,
            word_tag="zh-TW",
            word_east_asia_tag="zh-TW",
        ),
        _language(
            "ko",
            cldr_locale="ko_KR",
            typst_lang="ko",
            typst_region="kr",
            primary_font=CJK_KR,
            cjk_font=CJK_KR,
            justify=True,
            word_justify=False,
            leading_em=0.9,
            word_tag="ko-KR",
            word_east_asia_tag="ko-KR",
        ),
    )
)

# Complex-script language tags Word expects in w:lang w:bidi for Thai and Khmer runs.
COMPLEX_SCRIPT_TAGS = {Script.THAI: "th-TH", Script.KHMER: "km-KH"}
COMPLEX_SCRIPT_FONTS = {Script.THAI: THAI, Script.KHMER: KHMER}


class UnsupportedLanguage(UserFacingError):
    pass


def letter_language(code: str) -> LetterLanguage:
    try:
        return LANGUAGES[code.lower()]
    except KeyError:
        raise UnsupportedLanguage(
            _("Letters cannot be written in “%(language)s” yet.") % {"language": code}
        ) from None


def script_of(char: str) -> Script | None:
    """The script a character belongs to, or None for spaces, digits, punctuation and marks
    that take the script of their neighbours."""
    point = ord(char)
    if 0x0E00 <= point <= 0x0E7F:
        return Script.THAI
    if 0x1780 <= point <= 0x17FF or 0x19E0 <= point <= 0x19FF:
        return Script.KHMER
    if (
        0x1100 <= point <= 0x11FF  # Hangul Jamo
        or 0x2E80 <= point <= 0x9FFF  # CJK radicals, punctuation, kana, Han
        or 0xA960 <= point <= 0xA97F
        or 0xAC00 <= point <= 0xD7FF  # Hangul syllables and Jamo extended
        or 0xF900 <= point <= 0xFAFF
        or 0xFE30 <= point <= 0xFE4F
        or 0xFF00 <= point <= 0xFFEF  # full-width forms
        or 0x20000 <= point <= 0x3FFFF
    ):
        return Script.CJK
    if char.isalpha():
        return Script.OTHER
    return None


def split_by_script(text: str) -> list[tuple[str, Script]]:
    """Cut text into runs of one script each; neutral characters join the run before them
    (or the first run, at the start), so Thai marks and spaces never start a run of their own."""
    runs: list[tuple[str, Script]] = []
    current: Script | None = None
    start = 0
    for index, char in enumerate(text):
        script = script_of(char)
        if script is None or script == current:
            continue
        if current is None:
            current = script
            continue
        runs.append((text[start:index], current))
        start = index
        current = script
    if text[start:]:
        runs.append((text[start:], current or Script.OTHER))
    return runs
