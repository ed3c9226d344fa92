from __future__ import annotations

from django.db import transaction

from chorus.actions.models import Action
from chorus.actions.services import Outcome, Submission, record_action

from .models import CallPage, CallReport


def record_call(page: CallPage, submission: Submission, outcome: str) -> Outcome:
    """The call and how it went, in one transaction; a replay records nothing new."""
    with transaction.atomic():
        result = record_action(submission)
        if result.created:
            CallReport.objects.create(action=result.action, page_id=page.action_page_id, outcome=outcome)
    return result


def note_confirmed(action: Action) -> None:
    """The confirmation hook: the report now counts as confirmed."""
    CallReport.objects.filter(action=action).update(confirmed=True)
