"""Turn text in any of the site's scripts into search terms.

Thai, Chinese and Khmer are written without spaces between words, and Korean glues
particles to words (노동자 + 들이 → 노동자들이), so splitting on spaces finds nothing. Per run
of one script:

- Thai: words from pythainlp's dictionary tokeniser (newmm). Long compounds are also
  split into their dictionary parts (ตามกฎหมาย → ตาม, กฎหมาย), so a search for a part
  finds them, while a short word never matches inside a longer one (ตา ≠ ตาม).
- Chinese (Simplified and Traditional), Korean, Khmer: overlapping character pairs
  (bigrams), and the query must also occur as an exact substring of the page. Jieba's
  dictionary is Simplified-only and splits Traditional text at the wrong places (大使|館外),
  which would lose hits; bigrams plus the substring check are exact in both scripts.
- Everything else (Latin, Cyrillic, digits): case-folded words.

Nothing here downloads anything: pythainlp reads the dictionary inside its wheel; its data
folder is pointed at var/ (PYTHAINLP_DATA) and it is told to stay offline.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from django.conf import settings

MAX_TERM_LENGTH = 64
# Parts of a Thai compound shorter than this are not indexed on their own: กรกฎาคม must not
# be found by คม ("sharp"), nor ดารา by ดา.
MIN_PART_LENGTH = 3

_THAI = "\u0e00-\u0e7f"
_KHMER = "\u1780-\u17ff\u19e0-\u19ff"
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff\u3007"
_HANGUL = "\uac00-\ud7af\u1100-\u11ff\u3130-\u318f"
_RUNS = re.compile(
    rf"(?P<thai>[{_THAI}]+)|(?P<khmer>[{_KHMER}]+)|(?P<han>[{_HAN}]+)|(?P<hangul>[{_HANGUL}]+)"
    rf"|(?P<word>[^\W_{_THAI}{_KHMER}{_HAN}{_HANGUL}]+)"
)

Script = Literal["thai", "khmer", "han", "hangul", "word"]
NGRAM_SCRIPTS = {"khmer", "han", "hangul"}


# Full-width ASCII (ＡＢＣ１２３, common in CJK input) to plain ASCII. Not NFKC: that would
# split Thai SARA AM (ำ) into two characters the Thai dictionary does not know.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def normalise(text: str) -> str:
    """NFC, full-width Latin folded to ASCII, case-folded, single spaces."""
    return " ".join(unicodedata.normalize("NFC", text).translate(_FULL_WIDTH).casefold().split())


def runs(text: str) -> list[tuple[Script, str]]:
    """Runs of one script each, in order, from normalised text."""
    return [(match.lastgroup, match.group()) for match in _RUNS.finditer(text)]  # type: ignore[misc]


def bigrams(run: str) -> list[str]:
    if len(run) < 2:
        return [run]
    return [run[index : index + 2] for index in range(len(run) - 1)]


@cache
def _thai_words() -> frozenset[str]:
    _configure_pythainlp()
    from pythainlp.corpus.common import thai_words

    return frozenset(thai_words())


def _configure_pythainlp() -> None:
    data_dir = os.environ.get("PYTHAINLP_DATA") or str(settings.VAR_DIR / "pythainlp-data")
    os.makedirs(data_dir, exist_ok=True)
    os.environ["PYTHAINLP_DATA"] = data_dir
    os.environ.setdefault("PYTHAINLP_OFFLINE", "1")


def thai_words(run: str) -> list[str]:
    _configure_pythainlp()
    from pythainlp.tokenize import word_tokenize

    return [
        token
        for token in word_tokenize(run, engine="newmm", keep_whitespace=False)
        if any("\u0e01" <= char <= "\u0e5b" for char in token)
    ]


def split_compound(word: str) -> list[str]:
    """The fewest dictionary words (two or more, each MIN_PART_LENGTH long) that make up `word`."""
    words = _thai_words()
    length = len(word)
    best: list[list[str] | None] = [None] * (length + 1)
    best[0] = []
    for start in range(length):
        prefix = best[start]
        if prefix is None:
            continue
        for end in range(start + MIN_PART_LENGTH, length + 1):
            if start == 0 and end == length:
                continue
            piece = word[start:end]
            if piece in words:
                candidate = [*prefix, piece]
                current = best[end]
                if current is None or len(candidate) < len(current):
                    best[end] = candidate
    return best[length] or []


def document_terms(text: str) -> set[str]:
    """Every term a page's text is indexed under."""
    terms: set[str] = set()
    for script, run in runs(normalise(text)):
        if script == "thai":
            for word in thai_words(run):
                terms.add(word)
                if len(word) >= 4:
                    terms.update(split_compound(word))
        elif script in NGRAM_SCRIPTS:
            terms.update(bigrams(run))
        else:
            terms.add(run)
    return {term[:MAX_TERM_LENGTH] for term in terms if term}


@dataclass
class Query:
    """A search query, taken apart: every part must match for a page to be found."""

    exact_terms: set[str] = field(default_factory=set)  # Thai words, n-grams
    prefixes: set[str] = field(default_factory=set)  # Latin words, matched as prefixes
    substrings: set[str] = field(default_factory=set)  # runs checked against the page text

    @property
    def is_empty(self) -> bool:
        return not (self.exact_terms or self.prefixes or self.substrings)


def parse_query(text: str) -> Query:
    query = Query()
    for script, run in runs(normalise(text)):
        if script == "thai":
            query.exact_terms.update(thai_words(run))
        elif script in NGRAM_SCRIPTS:
            if len(run) >= 2:
                query.exact_terms.update(bigrams(run))
            query.substrings.add(run)
        elif len(run) >= 3:
            query.prefixes.add(run[:MAX_TERM_LENGTH])
        else:
            query.exact_terms.add(run)
    return query
