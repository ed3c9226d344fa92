"""The engine's own mail: the confirmation request a kind sends when it brings none of its own.

A builder only: it returns a `Mail` in the action's language, which `services` queues.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

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
