"""The mails that carry supporters' letters to targets: one letter, or a target's daily digest.

Builders only: they read a target and letters and return a `Mail` for the outbox.
"""

from __future__ import annotations

import base64
import logging
from collections import Counter
from collections.abc import Sequence
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from chorus.core.errors import UserFacingError
from chorus.core.languages import bcp47
from chorus.delivery.services import Mail
from chorus.typesetting.services import LANGUAGES as LETTER_LANGUAGES
from chorus.typesetting.services import LetterData, render_letter_pdf, render_letters_pdf

from .compose import letter_text, paper_for
from .targets import Target

logger = logging.getLogger(__name__)


def _organisation_address() -> str:
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "no-reply@localhost"


def _pdf_attachment(letters: Sequence[LetterData], paper: str, filename: str) -> list[tuple[str, str, str]]:
    """The letters as one PDF attachment; none if typesetting fails (the text still goes)."""
    try:
        pdf = (
            render_letter_pdf(letters[0], paper) if len(letters) == 1 else render_letters_pdf(letters, paper)
        )
    except UserFacingError as error:
        logger.warning("Letter PDF not attached: %s", error.message)
        return []
    return [(filename, base64.b64encode(pdf).decode(), "application/pdf")]


def letter_mail(letter: LetterData, target: Target, *, reply_to: str) -> Mail:
    """The email that carries one supporter's letter to a target.

    From: the organisation's sending address under the supporter's name (the organisation
    sends it; the supporter wrote it). Reply-To: the supporter, only if they chose it.
    """
    with translation.override(letter.language):
        if reply_to:
            footer = _(
                "%(name)s wrote this letter on the campaign website of %(organisation)s, which sent it on their behalf. Your reply reaches them."
            )
        else:
            footer = _(
                "%(name)s wrote this letter on the campaign website of %(organisation)s, which sent it on their behalf."
            )
        footer %= {"name": letter.signature, "organisation": letter.sender_organisation}
        subject = letter.subject or _("A letter from %(name)s") % {"name": letter.signature}
    attachments = _pdf_attachment([letter], paper_for(target.country), "letter.pdf")
    return Mail(
        to=target.email,
        subject=subject,
        body=letter_text(letter) + "\n-- \n" + footer + "\n",
        from_email=formataddr((letter.signature, _organisation_address())),
        reply_to=[reply_to] if reply_to else [],
        headers={"Content-Language": bcp47(letter.language)},
        attachments=attachments,
    )


def _digest_language(target: Target) -> str:
    return next((code for code in target.languages if code in LETTER_LANGUAGES), settings.LANGUAGE_CODE)


def digest_mail(target: Target, letters: Sequence[LetterData]) -> Mail:
    language = _digest_language(target)
    own = Target.objects.filter(
        translation_key=target.translation_key, locale__language_code=language
    ).first()
    shown = own or target
    count = len(letters)
    organisation = letters[0].sender_organisation if letters else settings.CHORUS_SITE_NAME
    subjects = Counter(letter.subject for letter in letters if letter.subject)
    with translation.override(language):
        salutation = (own.salutation.strip() if own else "") or _("Dear %(name)s,") % {"name": shown.name}
        subject = ngettext(
            "%(count)s supporter wrote to you today", "%(count)s supporters wrote to you today", count
        ) % {"count": count}
        summary = ngettext(
            "%(count)s supporter of %(organisation)s wrote to you today. Their letter is attached as a PDF.",
            "%(count)s supporters of %(organisation)s wrote to you today. Their letters are attached as one "
            "PDF, one letter after another.",
            count,
        ) % {"count": count, "organisation": organisation}
        lines = [f"— {text} ({number})" for text, number in subjects.most_common()]
        closing = _("With kind regards,") + "\n" + organisation
    body = "\n\n".join(part for part in (salutation, summary, "\n".join(lines), closing) if part) + "\n"
    return Mail(
        to=target.email,
        subject=subject,
        body=body,
        from_email=formataddr((organisation, _organisation_address())),
        headers={"Content-Language": bcp47(language)},
        attachments=_pdf_attachment(letters, paper_for(target.country), "letters.pdf"),
    )
