from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from chorus.core.roles import SUBMIT_TRANSLATION

from .reports import translation_status_view


class TranslationStatusMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return bool(request.user.has_perm(SUBMIT_TRANSLATION))


@hooks.register("register_admin_urls")
def register_translation_status_url() -> list[Any]:
    return [path("reports/translation-status/", translation_status_view, name="news_translation_status")]


@hooks.register("register_reports_menu_item")
def register_translation_status_menu_item() -> MenuItem:
    return TranslationStatusMenuItem(
        _("Translation status"), reverse("news_translation_status"), icon_name="site", order=900
    )
