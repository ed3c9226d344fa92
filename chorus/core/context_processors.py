from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from wagtail.models import Site

from .languages import bcp47


def site_chrome(request: HttpRequest) -> dict[str, object]:
    language = translation.get_language() or settings.LANGUAGE_CODE
    site = Site.find_for_request(request)
    return {
        "site_name": (site.site_name if site and site.site_name else settings.CHORUS_SITE_NAME),
        "html_lang": bcp47(language),
    }
