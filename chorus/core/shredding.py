"""What a shredder is: the vocabulary every app that stores personal data speaks.

A shredder deletes, or wipes down to an anonymous remainder, what one app holds about a set
of actions (and, for a supporter's request, about the supporter), inside the purge's
transaction. Each app that holds personal data lists its shredders in its own `shredders.py`
(`SHREDDERS = (...)`); `chorus.privacy.shredders` finds them and runs them, for the retention
purge and for a supporter's request to delete their data.

This module lives in core, not in privacy, so that the apps below privacy never import it:
they only describe their shredders, privacy decides when they run.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.db.models import Model


class Reason(StrEnum):
    """Why personal data is being deleted."""

    # The actions' retention period has ended (the hourly purge).
    RETENTION = "retention"
    # The supporter asked for their data to be deleted ("my data").
    REQUEST = "request"


@dataclass(frozen=True)
class Purge:
    """One purge, as every shredder sees it.

    `action_ids` are the actions whose personal data goes (locked by the caller). For a
    request, `supporter_ids` names the supporter being forgotten (their actions are in
    `action_ids`); for retention it is empty.
    """

    reason: Reason
    action_ids: Sequence[int]
    now: datetime
    supporter_ids: Sequence[int] = ()


@dataclass(frozen=True)
class Shredder:
    """What one app deletes about the actions (and supporter) of a purge.

    `purge` runs inside the purge's transaction and returns how many rows it removed or
    wiped, by what (for example {"mails_deleted": 2, "mails_wiped": 1}); files go after
    commit. `models` are the models whose personal data it covers: a test checks that every
    model that can hold personal data is covered by some shredder.
    """

    name: str
    models: tuple[type[Model], ...]
    purge: Callable[[Purge], Mapping[str, int]]
    description: str
