"""`mailto:` links that open the supporter's own mail program with the letter filled in.

Mail programs and browsers cut or refuse long mailto URLs (Outlook on Windows stops near
2,000 characters; some webmail handlers earlier), and a Thai or Khmer letter grows ninefold
once percent-encoded. So a link stays under MAILTO_LIMIT characters: when the whole letter
does not fit, the body becomes a short note asking the reader to see the attached PDF, and
the page tells the supporter to attach the PDF they downloaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from django.utils import translation
from django.utils.translation import gettext as _

from chorus.typesetting.services import LetterData

from .compose import letter_text

MAILTO_LIMIT = 1800


@dataclass(frozen=True)
class MailLink:
    url: str
    shortened: bool  # the body is a note pointing to the PDF, not the letter


def _crlf(text: str) -> str:
    # RFC 6068: line breaks in a mailto body are written %0D%0A.
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def _url(to: str, subject: str, body: str | None) -> str:
    query = [f"subject={quote(subject, safe='')}"] if subject else []
    if body is not None:
        query.append(f"body={quote(_crlf(body), safe='')}")
    url = "mailto:" + quote(to, safe="@")
    return url + ("?" + "&".join(query) if query else "")


def short_body(letter: LetterData) -> str:
    with translation.override(letter.language):
        note = _("Please find my letter attached as a PDF.")
    lines = [letter.salutation, note, "\n".join(line for line in (letter.closing, letter.signature) if line)]
    return "\n\n".join(line for line in lines if line) + "\n"


def mail_link(letter: LetterData, to: str = "", limit: int = MAILTO_LIMIT) -> MailLink:
    """A mailto link with the letter as its body, or a short note when the letter is too long."""
    full = _url(to, letter.subject, letter_text(letter))
    if len(full) <= limit:
        return MailLink(full, shortened=False)
    short = _url(to, letter.subject, short_body(letter))
    if len(short) <= limit:
        return MailLink(short, shortened=True)
    # A very long subject: cut it (at a character, never inside a percent-escape).
    subject = letter.subject
    while subject and len(_url(to, subject, short_body(letter))) > limit:
        subject = subject[: max(0, len(subject) - 8)]
    link = _url(to, subject, short_body(letter))
    if len(link) > limit:
        link = _url(to, subject, None)
    return MailLink(link, shortened=True)
