"""sitemap.xml: every public live page with its real translations as hreflang alternates."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from wagtail.models import Page

from chorus.core.languages import bcp47
from chorus.core.urls import public_url

from .listings import Visibility


@dataclass
class SitemapEntry:
    location: str
    lastmod: Any
    alternates: list[tuple[str, str]] = field(default_factory=list)  # (hreflang, absolute URL)


def sitemap_entries(request: HttpRequest) -> list[SitemapEntry]:
    pages = (
        Visibility.public()
        .apply(Page.objects.live().filter(depth__gt=1))
        .select_related("locale")
        .only(
            "pk", "path", "depth", "url_path", "translation_key", "last_published_at", "locale__language_code"
        )
        .order_by("path", "locale__language_code")
    )
    groups: dict[Any, list[tuple[str, str, Any]]] = defaultdict(list)
    for page in pages:
        if not page.get_url(request=request):
            continue
        groups[page.translation_key].append(
            (page.locale.language_code, public_url(page, request=request), page.last_published_at)
        )
    entries = []
    for versions in groups.values():
        alternates = [(bcp47(code), url) for code, url, _lastmod in versions]
        default = next((url for code, url, _lastmod in versions if code == settings.LANGUAGE_CODE), None)
        if len(versions) > 1 and default:
            alternates.append(("x-default", default))
        for _code, url, lastmod in versions:
            entries.append(
                SitemapEntry(
                    location=url, lastmod=lastmod, alternates=alternates if len(versions) > 1 else []
                )
            )
    return entries
