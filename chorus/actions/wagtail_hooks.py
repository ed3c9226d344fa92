from typing import Any

from django.http import HttpRequest
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogActionRegistry

from chorus.core.audit import register_types

from . import admin_views, audit

admin_urls = (
    [
        path("", admin_views.intake, name="intake"),
        path("<int:page_id>/pause/", admin_views.toggle_pause, name="toggle_pause"),
        path("flagged/", admin_views.flagged, name="flagged"),
        path("flagged/<int:action_id>/", admin_views.review_flagged, name="review_flagged"),
        path("flagged/selected/", admin_views.review_flagged_in_bulk, name="review_flagged_in_bulk"),
    ],
    "actions_admin",
)


@hooks.register("register_admin_urls")
def register_admin_urls() -> list[Any]:
    return [path("actions/", include(admin_urls))]


class ModeratorMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return bool(request.user.has_perm(admin_views.MODERATE))


@hooks.register("register_admin_menu_item")
def register_intake_menu_item() -> MenuItem:
    return ModeratorMenuItem(_("Actions"), reverse("actions_admin:intake"), icon_name="form", order=250)


@hooks.register("register_admin_menu_item")
def register_flagged_menu_item() -> MenuItem:
    return ModeratorMenuItem(
        _("Flagged actions"), reverse("actions_admin:flagged"), icon_name="warning", order=251
    )


@hooks.register("register_log_actions")
def register_log_actions(actions: LogActionRegistry) -> None:
    """Intake pauses and flagged-action review (actions/audit.py)."""
    register_types(actions, audit.TYPES)
