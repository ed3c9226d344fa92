"""A letter campaign's table on the results dashboard: its letters, per target and way.

Counters only, in four grouped queries whatever the number of letters: the tallies
(downloaded, opened in the supporter's mail program, sent, failed; counters.py), the letters
being sent now (in the outbox), the letters we hold (waiting for their supporter's
confirmation, or confirmed and waiting for the target's daily digest), and the targets.
"""

from __future__ import annotations

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from chorus.actions.results import ResultsTable

from .counters import LetterDispatch, LetterTally
from .targets import CampaignTarget, QueuedLetter


def results_tables(page_id: int) -> list[ResultsTable]:
    tallied = {
        (target_id, channel): n
        for target_id, channel, n in LetterTally.objects.filter(page_id=page_id).values_list(
            "target_id", "channel", "n"
        )
    }
    sending = dict(
        LetterDispatch.objects.filter(page_id=page_id)
        .values_list("target_id")
        .annotate(n=Sum("letters"))
        .values_list("target_id", "n")
    )
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
    channel = LetterTally.Channel
    waiting, ready = QueuedLetter.State.WAITING, QueuedLetter.State.READY
    return [
        ResultsTable(
            slug="targets",
            title=_("Letters per target"),
            columns=[
                _("Target"),
                _("Downloaded"),
                _("Opened in the supporter's mail program"),
                _("Waiting for confirmation"),
                _("In the next digest"),
                _("Being sent"),
                _("Sent for the supporter"),
                _("Failed"),
            ],
            rows=[
                [
                    str(target),
                    tallied.get((target.pk, channel.DOWNLOADED), 0),
                    tallied.get((target.pk, channel.MAILED), 0),
                    held.get((target.pk, waiting), 0),
                    held.get((target.pk, ready), 0),
                    sending.get(target.pk, 0),
                    tallied.get((target.pk, channel.SENT), 0),
                    tallied.get((target.pk, channel.FAILED), 0),
                ]
                for target in targets
            ],
            note=_(
                "Downloads count each PDF or Word file a supporter took (one letter may be downloaded twice); "
                "mail program openings are counted when the page's script can tell us. Letters we send count "
                "as sent when the target's mail server accepted them."
            ),
        )
    ]
