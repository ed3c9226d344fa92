"""Admin for delivery bundles and delivery records."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import include, path
from wagtail import hooks

from . import admin_bundle, admin_records

_MODULES = (admin_bundle, admin_records)


@hooks.register("register_admin_urls")
def register_admin_urls() -> list[Any]:
    patterns = [pattern for module in _MODULES for pattern in module.urls]
    return [path("handover/", include((patterns, "handover_admin")))]


@hooks.register("construct_main_menu")
def add_menu_items(request: HttpRequest, menu_items: list[Any]) -> None:
    for module in _MODULES:
        menu_items.extend(item for item in module.menu_items() if item.is_shown(request))


hooks.register("before_delete_snippet", admin_records.refuse_delete)
hooks.register("before_bulk_action", admin_records.retract_before_bulk_delete)

admin_records.register()
