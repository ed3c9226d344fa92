from __future__ import annotations

from typing import Any

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .reports import translation_status_view


@hooks.register("register_admin_urls")
def register_translation_status_url() -> list[Any]:
    return [path("reports/translation-status/", translation_status_view, name="news_translation_status")]


@hooks.register("register_reports_menu_item")
def register_translation_status_menu_item() -> MenuItem:
    return MenuItem(_("Translation status"), reverse("news_translation_status"), icon_name="site", order=900)
