"""State changes for supporters: find or create by blind index, seal details, consent."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from chorus.core.errors import UserFacingError

from .crypto import blind_index, seal, server_encrypt
from .models import Consent, OrganisationKey, Supporter, UpdateSubscription

if TYPE_CHECKING:
    from chorus.actions.models import Action


class NoOrganisationKey(UserFacingError):
    """No active organisation key: personal data cannot be sealed, so nothing is accepted."""

    def __init__(self) -> None:
        super().__init__(_("This site cannot accept submissions yet. Please try again later."))


def find_supporter(email: str) -> Supporter | None:
    return Supporter.objects.filter(blind_index=blind_index(email)).first()


def get_or_create_supporter(email: str) -> Supporter:
    index = blind_index(email)
    try:
        with transaction.atomic():
            return Supporter.objects.get_or_create(blind_index=index)[0]
    except IntegrityError:
        # A concurrent request created the same supporter; it has committed by now.
        return Supporter.objects.get(blind_index=index)


def active_key() -> OrganisationKey:
    key = OrganisationKey.objects.filter(active=True).first()
    if key is None:
        raise NoOrganisationKey
    return key


def seal_details(details: dict[str, str]) -> tuple[bytes, OrganisationKey]:
    """Seal personal details to the organisation's active public key."""
    key = active_key()
    return seal(bytes(key.public_key), details), key


def record_consent(supporter: Supporter, action: Action, purpose: str, text_version: str, language: str) -> Consent:
    return Consent.objects.create(
        supporter=supporter, action=action, purpose=purpose, text_version=text_version, language=language
    )


def subscribe_to_updates(
    supporter: Supporter, action: Action, email: str, language: str, retain_until: datetime
) -> UpdateSubscription:
    consent = Consent.objects.filter(supporter=supporter, action=action, purpose=Consent.Purpose.UPDATES).first()
    if consent is None:
        consent = record_consent(supporter, action, Consent.Purpose.UPDATES, "implicit", language)
    subscription, _created = UpdateSubscription.objects.update_or_create(
        supporter=supporter,
        page_id=action.page_id,
        defaults={
            "encrypted_address": server_encrypt({"email": email}),
            "language": language,
            "consent": consent,
            "retain_until": retain_until,
        },
    )
    return subscription
