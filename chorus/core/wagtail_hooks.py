"""The main menu and footer links in the Wagtail admin (Menu links), translated with wagtail-localize."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

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
