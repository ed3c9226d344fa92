"""Audit log action types of the privacy app: the sealed export (privacy/audit.py)."""

from __future__ import annotations

from wagtail import hooks
from wagtail.log_actions import LogActionRegistry

from chorus.core.audit import register_types

from . import audit


@hooks.register("register_log_actions")
def register_log_actions(actions: LogActionRegistry) -> None:
    register_types(actions, audit.TYPES)
