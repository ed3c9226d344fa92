"""A letter campaign's table on the results dashboard: letters we hold for each target.

One grouped query over the campaign's queued letters (those waiting for their supporter's
confirmation, and confirmed ones waiting for the target's daily digest) and one for its
targets. Counts only.
"""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext as _

from chorus.actions.results import ResultsTable

from .targets import CampaignTarget, QueuedLetter


def results_tables(page_id: int) -> list[ResultsTable]:
    held = {
        (target_id, state): n
        for target_id, state, n in QueuedLetter.objects.filter(action__page_id=page_id)
        .values_list("target_id", "state")
        .annotate(n=Count("pk"))
    }
    targets = [
        row.target
        for row in CampaignTarget.objects.filter(page_id=page_id)
        .select_related("target")
        .order_by("sort_order", "pk")
    ]
    waiting, ready = QueuedLetter.State.WAITING, QueuedLetter.State.READY
    return [
        ResultsTable(
            slug="targets",
            title=_("Letters we send, per target"),
            columns=[_("Target"), _("Waiting for confirmation"), _("In the next digest")],
            rows=[
                [str(target), held.get((target.pk, waiting), 0), held.get((target.pk, ready), 0)]
                for target in targets
            ],
            note=_(
                "Letters leave this table when they go to the outbox; supporters' own downloads and mails are not counted."
            ),
        )
    ]
