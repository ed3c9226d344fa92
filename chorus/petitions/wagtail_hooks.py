"""Admin for petitions: staff review signers' comments and take down names and comments."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import include, path
from wagtail import hooks

from . import admin_views


@hooks.register("register_admin_urls")
def register_admin_urls() -> list[Any]:
    return [path("petitions/", include((admin_views.urls, "petitions_admin")))]


@hooks.register("construct_main_menu")
def add_menu_items(request: HttpRequest, menu_items: list[Any]) -> None:
    menu_items.extend(item for item in admin_views.menu_items() if item.is_shown(request))
