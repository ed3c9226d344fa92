"""Admin for delivery bundles and delivery records."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogActionRegistry

from chorus.core.audit import register_types

from . import admin_bundle, admin_records
from .services import bundles, records

_MODULES = (admin_bundle, admin_records)


@hooks.register("register_admin_urls")
def register_admin_urls() -> list[Any]:
    patterns = [pattern for module in _MODULES for pattern in module.urls]
    return [path("handover/", include((patterns, "handover_admin")))]


@hooks.register("construct_main_menu")
def add_menu_items(request: HttpRequest, menu_items: list[Any]) -> None:
    for module in _MODULES:
        menu_items.extend(item for item in module.menu_items() if item.is_shown(request))


@hooks.register("register_log_actions")
def register_log_actions(actions: LogActionRegistry) -> None:
    """Bundles (prepare, retry, download) and what saving or deleting a delivery record did."""
    register_types(
        actions,
        {
            bundles.BUNDLE_PREPARE: _("Delivery bundle prepared"),
            bundles.BUNDLE_RETRY: _("Delivery bundle tried again"),
            bundles.BUNDLE_DOWNLOAD: _("Delivery bundle downloaded"),
            records.RECORD_PUBLISH: _("Delivery record published"),
            records.RECORD_RETRACT: _("Delivery record retracted"),
        },
    )


hooks.register("before_delete_snippet", admin_records.refuse_delete)
hooks.register("before_bulk_action", admin_records.retract_before_bulk_delete)

admin_records.register()
