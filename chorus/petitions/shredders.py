"""What petitions delete when personal data goes (see chorus.privacy.shredders)."""

from __future__ import annotations

from collections.abc import Mapping

from chorus.core.shredding import Purge, Shredder

from .services import purge_public_parts
from .signatures import PetitionSignature


def purge_public_signatures(purge: Purge) -> Mapping[str, int]:
    return {"petition_signatures": purge_public_parts(purge.action_ids)}


SHREDDERS = (
    Shredder(
        name="petitions.public_signatures",
        models=(PetitionSignature,),
        purge=purge_public_signatures,
        description=(
            "What petition signers chose to make public (display name, comment, a comment "
            "waiting for review) on the actions; retention and requests alike delete it."
        ),
    ),
)
