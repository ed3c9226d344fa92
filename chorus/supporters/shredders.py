"""What the supporter store deletes when personal data goes (see chorus.privacy.shredders)."""

from __future__ import annotations

from collections.abc import Mapping

from chorus.core.shredding import Purge, Reason, Shredder

from . import services
from .models import Consent, Supporter, UpdateSubscription


def purge_supporters(purge: Purge) -> Mapping[str, int]:
    if purge.reason is Reason.RETENTION:
        # Expired subscriptions and supporters left with nothing go in the retention run's
        # own steps (chorus.privacy.retention), not per batch of actions.
        return {"consents": services.forget_consents(purge.action_ids, now=purge.now)}
    forgotten = services.forget_supporters(purge.supporter_ids, purge.action_ids)
    return {
        "consents": forgotten.consents,
        "subscriptions": forgotten.subscriptions,
        "supporters": forgotten.supporters,
    }


SHREDDERS = (
    Shredder(
        name="supporters.consents",
        models=(Supporter, Consent, UpdateSubscription),
        purge=purge_supporters,
        description=(
            "Retention: the actions' consents, except one an update subscription that still runs "
            "relies on. Request: the supporter's consents, update subscriptions and supporter row."
        ),
    ),
)
