"""What the actions app deletes when personal data goes (see chorus.privacy.shredders)."""

from __future__ import annotations

from collections.abc import Mapping

from chorus.core.shredding import Purge, Reason, Shredder

from .models import Action, ActionLog
from .purging import forget_actions


def purge_actions(purge: Purge) -> Mapping[str, int]:
    forgotten = forget_actions(purge.action_ids, now=purge.now, keep_history=purge.reason is Reason.RETENTION)
    return {"actions": forgotten.actions, "log_entries": forgotten.log_entries}


SHREDDERS = (
    Shredder(
        name="actions.details",
        models=(Action, ActionLog),
        purge=purge_actions,
        description=(
            "The actions' sealed details, key reference and link to the supporter; the anonymous "
            "row stays, so counts do not change. Retention: a 'personal data purged' entry is added "
            "to each action's history. Request: the actions' history is deleted."
        ),
    ),
)
