"""Audit log action types of the supporter store: organisation keys (`chorus keys`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogActionRegistry

from chorus.core.audit import register_types

from . import services


@hooks.register("register_log_actions")
def register_log_actions(actions: LogActionRegistry) -> None:
    register_types(
        actions,
        {
            services.KEY_REGISTER: _("Organisation key registered"),
            services.KEY_ROTATE: _("Organisation key rotated"),
        },
    )
