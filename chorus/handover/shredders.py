"""What the handover of signatures deletes when personal data goes (see chorus.privacy.shredders)."""

from __future__ import annotations

from collections.abc import Mapping

from chorus.actions.models import Action
from chorus.core.shredding import Purge, Shredder

from .models import DeliveryBundle
from .services.bundles import delete_bundles_of


def purge_bundles(purge: Purge) -> Mapping[str, int]:
    # A bundle prints what signers gave for publication: once any of a campaign's actions is
    # purged, its bundles go (staff prepare a new one in a minute).
    pages = set(Action.objects.filter(pk__in=purge.action_ids).values_list("page_id", flat=True))
    return {"bundles": delete_bundles_of(pages) if pages else 0}


SHREDDERS = (
    Shredder(
        name="handover.bundles",
        models=(DeliveryBundle,),
        purge=purge_bundles,
        description=(
            "The delivery bundles (PDF files included) of every campaign whose actions are purged: "
            "they printed signers' names, organisations and comments."
        ),
    ),
)
