"""Results in the admin: the menu item, the dashboards' URLs, a "Results" button on every
action page (page listing and edit screen) and the admin home's "needs a person now" panel."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from django.http import HttpRequest
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from laces.components import Component
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem

from chorus.actions.pages import ActionPageMixin

from . import summary, views

urls = [
    path("", views.index, name="index"),
    path("<int:page_id>/", views.campaign, name="campaign"),
    path("<int:page_id>/<slug:slug>.csv", views.download, name="download"),
]


@hooks.register("register_admin_urls")
def register_admin_urls() -> list[Any]:
    return [path("results/", include((urls, "results_admin")))]


class ResultsMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return bool(request.user.has_perm(views.VIEW_RESULTS))


@hooks.register("register_admin_menu_item")
def register_results_menu_item() -> MenuItem:
    return ResultsMenuItem(
        _("Results"), reverse("results_admin:index"), name="results", icon_name="table", order=249
    )


class ResultsButton(PageMenuItem):
    """ "Results" beside an action page (any translation: the dashboard shows the original's)."""

    label = _("Results")
    icon_name = "table"
    url_name = "results_admin:campaign"
    priority = 45

    def is_shown(self, user: Any) -> bool:
        page_class = self.page.specific_class
        return bool(
            page_class is not None
            and issubclass(page_class, ActionPageMixin)
            and user.has_perm(views.VIEW_RESULTS)
        )


@hooks.register("register_page_listing_more_buttons")
def page_listing_results_button(page: Any, user: Any, next_url: str | None = None) -> Iterator[PageMenuItem]:
    yield ResultsButton(page=page)


@hooks.register("register_page_header_buttons")
def page_header_results_button(
    page: Any, user: Any, view_name: str = "", next_url: str | None = None
) -> Iterator[PageMenuItem]:
    yield ResultsButton(page=page)


class NeedsAttentionPanel(Component):
    """The admin home's first panel: queues waiting for a person, then today's counts."""

    name = "chorus_needs_attention"
    order = 50
    template_name = "results/admin/home_panel.html"

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def get_context_data(self, parent_context: Mapping[str, Any] | None = None) -> dict[str, Any]:
        can_see_results = self.request.user.has_perm(views.VIEW_RESULTS)
        return {
            "attention": summary.needs_attention(self.request),
            "campaigns": summary.active_campaigns() if can_see_results else [],
            "can_see_results": can_see_results,
        }


@hooks.register("construct_homepage_panels")
def add_needs_attention_panel(request: HttpRequest, panels: list[Any]) -> None:
    user = request.user
    if user.has_perm("actions.change_action") or user.has_perm(views.VIEW_RESULTS):
        panels.insert(0, NeedsAttentionPanel(request))
