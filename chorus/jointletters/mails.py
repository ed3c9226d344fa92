"""The mails of a joint letter: the confirmation request, and the moderation outcome.

Builders only: each returns a `Mail` in the signer's language for `queue_mail`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

from chorus.actions import tokens
from chorus.core.languages import bcp47
from chorus.core.urls import public_url
from chorus.delivery.services import Mail

if TYPE_CHECKING:
    from chorus.actions.models import Action
    from chorus.actions.submissions import ConfirmationMail

    from .signatures import Signature


def _page_in(page_id: int, language: str) -> Page | None:
    original = Page.objects.filter(pk=page_id).first()
    if original is None:
        return None
    locale = Locale.objects.filter(language_code=language).first()
    shown = original.get_translation_or_none(locale) if locale else None
    return shown if shown is not None and shown.live else original


def campaign_url(page_id: int, language: str) -> tuple[str, str]:
    """(title, absolute URL) of the campaign in the signer's language, if translated."""
    page = _page_in(page_id, language)
    if page is None:
        return "", public_url("/")
    return page.title, public_url(page)


def confirmation_mail_from(page: Any) -> ConfirmationMail:
    """The confirmation mail of a signature made on `page` (the page in the signer's language,
    whose title is at hand: no query inside the action's transaction)."""

    def build(action: Action, email: str, confirm_url: str) -> Mail:
        same = page.locale.language_code == action.language
        title = page.title if same else campaign_url(action.page_id, action.language)[0]
        return _confirmation(title, action, email, confirm_url)

    return build


def _confirmation(title: str, action: Action, email: str, confirm_url: str) -> Mail:
    """The engine's confirmation request, worded for an organisation co-signing a letter."""
    with translation.override(action.language):
        return Mail(
            to=email,
            subject=_("Please confirm your signature on the joint letter"),
            body=_(
                "Thank you for co-signing the joint letter “%(title)s”.\n\n"
                "Please open this link and press the button on the page to confirm your signature:\n"
                "%(url)s\n\n"
                "Once you have confirmed, our team reviews the signature before it is added to the "
                "letter. We will write to you again when it has been reviewed.\n\n"
                "The link works for %(days)s days. If you did not sign, ignore this mail and nothing "
                "more will happen."
            )
            % {"title": title, "url": confirm_url, "days": tokens.CONFIRM_DAYS},
            headers={"Content-Language": bcp47(action.language)},
        )


def approved_mail(signature: Signature, contact: dict[str, Any]) -> Mail:
    title, url = campaign_url(signature.page_id, signature.language)
    signed_as = signature.printed_line().name
    with translation.override(signature.language):
        greeting = _("Dear %(name)s,") % {"name": contact.get("contact") or signed_as}
        body = _(
            "Your signature on the joint letter “%(title)s” has been approved: “%(signed_as)s” is now "
            "among the signatories of the letter.\n\n"
            "You can see the letter and its signatories here:\n%(url)s\n\n"
            "Thank you for your support."
        ) % {"title": title, "signed_as": signed_as, "url": url}
        return Mail(
            to=str(contact["email"]),
            subject=_("Your signature on the joint letter was approved"),
            body=f"{greeting}\n\n{body}\n",
            headers={"Content-Language": bcp47(signature.language)},
        )


def rejected_mail(signature: Signature, contact: dict[str, Any], reason: str) -> Mail:
    title, url = campaign_url(signature.page_id, signature.language)
    signed_as = signature.printed_line().name
    with translation.override(signature.language):
        greeting = _("Dear %(name)s,") % {"name": contact.get("contact") or signed_as}
        body = _(
            "Thank you for wanting to co-sign the joint letter “%(title)s”. We are sorry: we could "
            "not add the signature “%(signed_as)s” to the letter.\n\n"
            "The reason our team gave:\n%(reason)s\n\n"
            "If you think this is a mistake, please contact the organisation through its website: %(url)s"
        ) % {
            "title": title,
            "signed_as": signed_as,
            "reason": reason or _("(no reason given)"),
            "url": url,
        }
        return Mail(
            to=str(contact["email"]),
            subject=_("Your signature on the joint letter was not accepted"),
            body=f"{greeting}\n\n{body}\n",
            headers={"Content-Language": bcp47(signature.language)},
        )
