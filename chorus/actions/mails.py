"""The engine's own mails: the confirmation request a kind sends when it brings none of its own,
and the notice to an address that has acted already.

A builder only: it returns a `Mail` in the action's language, which `services` queues.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

from chorus.delivery.services import Mail

from . import tokens
from .models import Action


def default_confirmation_mail(action: Action, email: str, confirm_url: str) -> Mail:
    with translation.override(action.language):
        return Mail(
            to=email,
            subject=_("Please confirm your action"),
            body=_(
                "Thank you for taking part.\n\n"
                "Please open this link and press the button on the page to confirm:\n%(url)s\n\n"
                "The link works for %(days)s days. If this was not you, ignore this mail "
                "and nothing more will happen."
            )
            % {"url": confirm_url, "days": tokens.CONFIRM_DAYS},
        )


def page_title(page_id: int, language: str) -> str:
    """The title of the action's page in `language` when it is translated and live."""
    original = Page.objects.filter(pk=page_id).first()
    if original is None:
        return ""
    locale = Locale.objects.filter(language_code=language).first()
    shown = original.get_translation_or_none(locale) if locale else None
    return (shown if shown is not None and shown.live else original).title


def already_mail_ending(confirm_url: str) -> str:
    """The end of every "you have acted already" mail, in the active language: the
    confirmation link while the action is unconfirmed, and what to do if it was not them."""
    parts = []
    if confirm_url:
        parts.append(
            _(
                "It is not confirmed yet. To confirm it, open this link and press the button on the "
                "page:\n%(url)s\n\nThe link works for %(days)s days."
            )
            % {"url": confirm_url, "days": tokens.CONFIRM_DAYS}
        )
    parts.append(
        _("If this was not you, ignore this mail: nothing has been shown to anyone and nothing has changed.")
    )
    return "\n\n".join(parts)


def default_already_mail(action: Action, email: str, confirm_url: str) -> Mail:
    """Sent when someone fills in the form again with an address that has acted already: the
    page answered as for anyone, and only this mail (to that address) says what exists."""
    title = page_title(action.page_id, action.language)
    with translation.override(action.language):
        return Mail(
            to=email,
            subject=_("You have already taken part: %(title)s") % {"title": title},
            body=_(
                "Someone, probably you, filled in the form of “%(title)s” again with this email "
                "address. You had already taken part, so nothing new was recorded."
            )
            % {"title": title}
            + "\n\n"
            + already_mail_ending(confirm_url),
        )
