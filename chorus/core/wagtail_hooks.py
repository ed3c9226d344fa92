"""The main menu and footer links in the Wagtail admin (Menu links), translated with wagtail-localize."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogActionRegistry
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import audit
from .models import MenuItem


class MenuItemViewSet(SnippetViewSet):
    model = MenuItem
    icon = "list-ul"
    menu_label = _("Menu links")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["__str__", "menu", "page", "sort_order"]
    list_filter = ["menu"]
    search_fields = ["label"]
    search_backend_name = None
    ordering = ["menu", "sort_order"]


register_snippet(MenuItemViewSet)


@hooks.register("register_log_actions")
def register_account_log_actions(actions: LogActionRegistry) -> None:
    """Log-ins, failed log-ins and second-factor changes (core/audit.py)."""
    audit.register_types(actions, audit.ACCOUNT_TYPES)
