"""What the call kind deletes when personal data goes (found by chorus.privacy.shredders)."""

from __future__ import annotations

from collections.abc import Mapping

from chorus.core.shredding import Purge, Shredder

from .models import CallReport


def purge_reports(purge: Purge) -> Mapping[str, int]:
    deleted, _per_model = CallReport.objects.filter(action_id__in=purge.action_ids).delete()
    return {"call_reports": deleted}


SHREDDERS = (
    Shredder(
        name="call_representative.reports",
        models=(CallReport,),
        purge=purge_reports,
        description="How each call went, with the action it belongs to.",
    ),
)
