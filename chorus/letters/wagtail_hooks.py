"""The target directory in the Wagtail admin (Snippets → Targets)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogActionRegistry
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from chorus.core.audit import register_types

from . import audit
from .models import Target


class TargetViewSet(SnippetViewSet):
    model = Target
    icon = "user"
    menu_label = _("Targets")
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["name", "title", "organisation", "country", "letter_languages", "delivery"]
    list_filter = ["country", "delivery"]
    # Searched in the database (no search index to keep up to date for a few hundred rows).
    search_fields = ["name", "title", "organisation", "region_code"]
    search_backend_name = None
    ordering = ["name", "pk"]


register_snippet(TargetViewSet)


@hooks.register("register_log_actions")
def register_log_actions(actions: LogActionRegistry) -> None:
    """Which fields of a target an edit changed (letters/audit.py)."""
    register_types(actions, audit.TYPES)
