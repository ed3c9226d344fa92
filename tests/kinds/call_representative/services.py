from __future__ import annotations

from chorus.actions.models import Action
from chorus.actions.services import Outcome, Submission, record_action

from .models import CallPage, CallReport


def record_call(page: CallPage, submission: Submission, outcome: str) -> Outcome:
    """The call and how it went, in one transaction; a replay records nothing new."""

    def report(action: Action) -> None:
        CallReport.objects.create(action=action, page_id=page.action_page_id, outcome=outcome)

    return record_action(submission, with_action=report)


def note_confirmed(action: Action) -> None:
    """The confirmation hook: the report now counts as confirmed."""
    CallReport.objects.filter(action=action).update(confirmed=True)
