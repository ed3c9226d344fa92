"""The privacy app in the admin: sealed exports (admin_exports.py) and their audit log types."""

from __future__ import annotations

from typing import Any

from django.urls import include, path
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogActionRegistry

from chorus.core.audit import register_types

from . import admin_exports, audit


@hooks.register("register_admin_urls")
def register_admin_urls() -> list[Any]:
    return [path("privacy/", include((admin_exports.urls, "privacy_admin")))]


@hooks.register("register_admin_menu_item")
def register_export_menu_item() -> MenuItem:
    return admin_exports.menu_item()


@hooks.register("register_log_actions")
def register_log_actions(actions: LogActionRegistry) -> None:
    register_types(actions, audit.TYPES)
