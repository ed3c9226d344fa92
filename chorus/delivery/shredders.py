"""What the outbox deletes when personal data goes (see chorus.privacy.shredders)."""

from __future__ import annotations

from collections.abc import Mapping

from chorus.core.shredding import Purge, Reason, Shredder

from .models import Outbox
from .services import forget_mail


def purge_mail(purge: Purge) -> Mapping[str, int]:
    if purge.reason is Reason.RETENTION:
        kept = forget_mail(action_ids=purge.action_ids, keep_records=True)
        return {"mails_deleted": kept.deleted, "mails_wiped": kept.wiped}
    gone = forget_mail(action_ids=purge.action_ids, supporter_ids=purge.supporter_ids, keep_records=False)
    return {"mails": gone.deleted}


SHREDDERS = (
    Shredder(
        name="delivery.outbox",
        models=(Outbox,),
        purge=purge_mail,
        description=(
            "Retention: the actions' mails not sent yet are deleted; sent and failed ones are wiped "
            "down to their delivery record. Request: every mail to the supporter or about their "
            "actions is deleted, delivery records included."
        ),
    ),
)
