"""Audit log entries about supporters' actions and intake (see chorus/core/audit.py).

Whatever staff do to one supporter's action — count or invalidate it after a flag, approve or
reject its joint-letter line, publish, reject or take down its petition comment or name — is
logged on the `Action` itself: the one object every such step shares, whose permission
(`actions.change_action`) every moderating role has, so moderators read these entries in
Site history. The label is the kind, the action's id and the campaign's title, never `str()`
of a row a supporter wrote. Intake pauses are logged on the campaign page (its history).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.models import Page

from chorus.core.audit import staff

from .models import Action

INTAKE_PAUSE = "chorus.intake_pause"
INTAKE_RESUME = "chorus.intake_resume"
ACTION_COUNT = "chorus.action_count"
ACTION_INVALIDATE = "chorus.action_invalidate"

TYPES: Mapping[str, Promise] = {
    INTAKE_PAUSE: _("Intake paused"),
    INTAKE_RESUME: _("Intake resumed"),
    ACTION_COUNT: _("Flagged action counted"),
    ACTION_INVALIDATE: _("Action invalidated"),
}


def action_title(action: Action, page_title: str) -> str:
    return f"{action.get_kind_display()} {action.pk} · {page_title}"


def log_on_actions(
    actions: Iterable[Action],
    action_type: str,
    *,
    by: Any,
    data: Mapping[str, Any] | None = None,
    per_action: Mapping[int, Mapping[str, Any]] | None = None,
) -> int:
    """One entry per action (Wagtail's habit for bulk actions), with `data` and the action's
    own `per_action[pk]` (ids, states before); page titles in one query. Returns how many."""
    chosen = list(actions)
    titles = dict(
        Page.objects.filter(pk__in={action.page_id for action in chosen}).values_list("pk", "title")
    )
    for action in chosen:
        entry = {"page": action.page_id, **(data or {}), **(per_action or {}).get(action.pk, {})}
        title = action_title(action, titles.get(action.page_id, ""))
        log(action, action_type, user=staff(by), title=title, data=entry)
    return len(chosen)


def log_intake(page_id: int, paused: bool, *, by: Any) -> None:
    """Pausing or resuming a campaign's intake, in the campaign page's history."""
    page = Page.objects.filter(pk=page_id).specific().first()
    if page is not None:
        log(page, INTAKE_PAUSE if paused else INTAKE_RESUME, user=staff(by), data={"paused": paused})
