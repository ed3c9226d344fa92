"""Admin for petitions: staff review signers' comments and take down names and comments."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import include, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogActionRegistry

from chorus.actions.results import Attention
from chorus.core.audit import register_types

from . import admin_views, services


@hooks.register("register_admin_urls")
def register_admin_urls() -> list[Any]:
    return [path("petitions/", include((admin_views.urls, "petitions_admin")))]


@hooks.register("construct_main_menu")
def add_menu_items(request: HttpRequest, menu_items: list[Any]) -> None:
    menu_items.extend(item for item in admin_views.menu_items() if item.is_shown(request))


@hooks.register("register_log_actions")
def register_log_actions(actions: LogActionRegistry) -> None:
    """Comment moderation and take-downs, logged on each signature's action."""
    register_types(
        actions,
        {
            services.COMMENT_APPROVE: _("Petition comment published"),
            services.COMMENT_REJECT: _("Petition comment rejected"),
            services.COMMENT_WITHDRAW: _("Petition comment taken down"),
            services.NAME_TAKE_DOWN: _("Petition name taken down"),
        },
    )


@hooks.register("chorus_needs_attention")
def needs_attention(request: HttpRequest) -> list[Attention]:
    """For the admin home's "needs a person now" panel (chorus.results)."""
    if not request.user.has_perm(admin_views.MODERATE):
        return []
    return [
        Attention(
            gettext("Petition comments waiting for review"),
            services.pending_count(),
            reverse("petitions_admin:comments"),
        )
    ]
