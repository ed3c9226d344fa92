"""What a kind hands the engine (`services.record_action`) and what it gets back: a person's
submission, the outcome, and the builders of the mails the engine queues for it. Imported
from `services`, which re-exports them."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from chorus.delivery.services import Mail

from . import anti_abuse
from .models import Action


def new_submission_key() -> str:
    """The random key of one rendering of a form (actions.forms.new_form_token)."""
    return secrets.token_urlsafe(24)


@dataclass(frozen=True)
class ConsentGiven:
    purpose: str
    text_version: str


@dataclass(frozen=True)
class Submission:
    """One person's submission, as the form parsed it."""

    page_id: int
    kind: str
    language: str
    submission_key: str
    # Personal details to seal to the organisation's key: name, email, address, message...
    details: dict[str, str] = field(default_factory=dict)
    email: str = ""
    country: str = ""
    consents: Sequence[ConsentGiven] = ()
    subscribe_updates: bool = False
    retention_days: int | None = None
    signals: anti_abuse.Signals = field(default_factory=anti_abuse.Signals)


@dataclass(frozen=True)
class Outcome:
    action: Action
    created: bool
    # The very same form sent again (a reload, a double click): the one browser that made the
    # action. False for a new action and for another form with an address that has acted
    # before, which is answered like a new one (docs/privacy.md: who acted never shows).
    same_form: bool = False


# Builds the confirmation mail for an action; campaigns provide their own wording.
ConfirmationMail = Callable[[Action, str, str], Mail]
# Builds the mail telling an address that it has acted already: (the action, the address, its
# confirmation link, or "" once it is confirmed). Only this mail says so, never a page.
AlreadyMail = Callable[[Action, str, str], Mail]
