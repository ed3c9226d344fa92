"""Forgetting what an action holds about its supporter; the anonymous row and its count stay.

Run by the actions' shredder (`shredders.py`) inside the purge's transaction, for retention
and for a supporter's request (see chorus.privacy).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from .models import Action, ActionLog


@dataclass(frozen=True)
class ActionsForgotten:
    actions: int
    log_entries: int


def forget_actions(action_ids: Sequence[int], *, now: datetime, keep_history: bool) -> ActionsForgotten:
    """Wipe the actions' sealed details and their link to the supporter, and mark them purged.

    With `keep_history` (retention) their log gains a PURGED entry; without it (the supporter
    asked for deletion) their log goes entirely. `counted_as` and the counters are never
    touched, so counts stay exact.
    """
    logs = 0 if keep_history else ActionLog.objects.filter(action_id__in=action_ids).delete()[0]
    actions = Action.objects.filter(pk__in=action_ids).update(
        supporter=None, sealed_details=None, sealed_with=None, purged_at=now
    )
    if keep_history:
        ActionLog.objects.bulk_create(
            [
                ActionLog(action_id=action_id, event=ActionLog.Event.PURGED, detail="retention")
                for action_id in action_ids
            ]
        )
    return ActionsForgotten(actions, logs)
