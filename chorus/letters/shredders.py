"""What letter campaigns delete when personal data goes (see chorus.privacy.shredders)."""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import Q

from chorus.core.shredding import Purge, Shredder

from .targets import QueuedLetter


def purge_queued_letters(purge: Purge) -> Mapping[str, int]:
    # A letter still waiting for its action's confirmation or its target's digest (the
    # letter and the reply-to address, encrypted with the server key) is not sent at all.
    mine = Q(action_id__in=purge.action_ids) | Q(supporter_id__in=purge.supporter_ids)
    _total, per_model = QueuedLetter.objects.filter(mine).delete()
    return {"queued_letters": per_model.get(QueuedLetter._meta.label, 0)}


SHREDDERS = (
    Shredder(
        name="letters.queued_letters",
        models=(QueuedLetter,),
        purge=purge_queued_letters,
        description=(
            "Letters of the actions (or, for a request, of the supporter) still waiting to be "
            "sent: for confirmation, for staff review or for the target's daily digest."
        ),
    ),
)
