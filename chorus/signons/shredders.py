"""What sign-ons delete when personal data goes (see chorus.privacy.shredders)."""

from __future__ import annotations

from collections.abc import Mapping

from chorus.core.shredding import Purge, Shredder

from .models import DeliveryBundle, PetitionSignature, Signature
from .services import purge_personal_data


def purge_signatures(purge: Purge) -> Mapping[str, int]:
    return {"signatures": purge_personal_data(purge.action_ids, purge.reason)}


SHREDDERS = (
    Shredder(
        name="signons.signatures",
        models=(Signature, PetitionSignature, DeliveryBundle),
        purge=purge_signatures,
        description=(
            "Joint letter signatures (logo files included) and public petition signatures (display "
            "name, comment) of the actions, and the delivery bundles that printed them. Retention "
            "keeps an approved organisation's printed line with the letter; a request deletes it too."
        ),
    ),
)
