"""Template tags for the language switcher, hreflang alternates and login display."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.urls import translate_url
from django.utils import translation

from ..accounts import display_name as _display_name
from ..languages import bcp47, language_name, site_languages

register = template.Library()


@dataclass(frozen=True)
class LanguageLink:
    code: str
    tag: str
    name: str
    url: str
    current: bool
    translated: bool  # a real translation of this page exists in this language


def _page_translation_urls(page: Any, request: Any) -> dict[str, str]:
    """URLs of the live translations of a Wagtail page, keyed by language code, in one query."""
    from wagtail.models import Page

    translations = (
        Page.objects.live()
        .filter(translation_key=page.translation_key)
        .select_related("locale")
        .only("id", "url_path", "locale__language_code", "depth", "path")
    )
    urls: dict[str, str] = {}
    for translation_page in translations:
        url = translation_page.get_url(request=request)
        if url:
            urls[translation_page.locale.language_code] = url
    return urls


@register.simple_tag(takes_context=True)
def language_links(context: template.Context) -> list[LanguageLink]:
    """One link per site language, to the same page in that language.

    For a Wagtail page: its translation where one exists, else the same path under the
    other language prefix, which serves the default-language page with a notice.
    For any other view: the same URL under the other prefix.
    """
    request = context.get("request")
    if request is None:
        return []
    current = translation.get_language()
    page = context.get("page")
    translated: dict[str, str] = {}
    if page is not None and getattr(page, "translation_key", None):
        translated = _page_translation_urls(page, request)
    links = []
    path = request.get_full_path()
    for language in site_languages():
        url = translated.get(language.code) or translate_url(path, language.code)
        links.append(
            LanguageLink(
                code=language.code,
                tag=language.tag,
                name=language.name,
                url=url,
                current=language.code == current,
                translated=language.code in translated,
            )
        )
    return links


@register.filter
def lang_tag(code: str) -> str:
    return bcp47(code)


@register.filter
def lang_name(code: str) -> str:
    return language_name(code)


@register.filter
def display_name(user: Any) -> str:
    return _display_name(user)
