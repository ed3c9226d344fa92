"""Admin for joint letters: staff review signatures before they are printed and shown."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import include, path
from wagtail import hooks

from . import admin_views


@hooks.register("register_admin_urls")
def register_admin_urls() -> list[Any]:
    return [path("jointletters/", include((admin_views.urls, "jointletters_admin")))]


@hooks.register("construct_main_menu")
def add_menu_items(request: HttpRequest, menu_items: list[Any]) -> None:
    menu_items.extend(item for item in admin_views.menu_items() if item.is_shown(request))
