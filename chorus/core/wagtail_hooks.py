"""The main menu and footer links in the Wagtail admin (Menu links), translated with wagtail-localize;
and a page-move check Wagtail leaves to the POST."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.log_actions import LogActionRegistry
from wagtail.models import Page
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


@hooks.register("before_move_page")
def refuse_a_move_the_user_may_not_make(
    request: HttpRequest, page: Page, destination: Page
) -> HttpResponse | None:
    """Wagtail's "Confirm move" page opens for anyone in the admin and refuses only the POST;
    a role that may not move the page (a Moderator, a Translator) is refused the page too."""
    if not page.permissions_for_user(request.user).can_move_to(destination):
        return permission_denied(request)
    return None
