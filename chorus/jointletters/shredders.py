"""What joint letters delete when personal data goes (see chorus.privacy.shredders)."""

from __future__ import annotations

from collections.abc import Mapping

from chorus.core.shredding import Purge, Shredder

from .services import purge_personal_data
from .signatures import Signature


def purge_signatures(purge: Purge) -> Mapping[str, int]:
    return {"signatures": purge_personal_data(purge.action_ids, purge.reason)}


SHREDDERS = (
    Shredder(
        name="jointletters.signatures",
        models=(Signature,),
        purge=purge_signatures,
        description=(
            "Joint letter signatures (logo files included) of the actions. Retention keeps an "
            "approved organisation's printed line with the letter; a request deletes it too."
        ),
    ),
)
