"""Template tags for the site chrome: main menu, footer links and link-preview meta tags."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.utils import translation

from ..middleware import can_enter_admin as _can_enter_admin
from ..models import MenuItem
from ..navigation import menu_links
from ..urls import public_url

register = template.Library()

# Open Graph wants language_TERRITORY.
OG_LOCALES = {
    "en": "en_GB",
    "th": "th_TH",
    "zh-hans": "zh_CN",
    "zh-hant": "zh_TW",
    "ko": "ko_KR",
    "km": "km_KH",
}
OG_IMAGE_SPEC = "fill-1200x630|format-jpeg"


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    return {"links": menu_links(request, MenuItem.Menu.MAIN) if request is not None else []}


@register.inclusion_tag("includes/footer_links.html", takes_context=True)
def footer_links(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    return {"links": menu_links(request, MenuItem.Menu.FOOTER) if request is not None else []}


@register.filter
def can_enter_admin(user: Any) -> bool:
    """The same test as the admin's second-factor gate: any account the admin would let in."""
    return _can_enter_admin(user)


def _description(page: Any) -> str:
    return str(getattr(page, "search_description", "") or getattr(page, "summary", "") or "")


@register.inclusion_tag("includes/social_meta.html", takes_context=True)
def social_meta(context: template.Context) -> dict[str, Any]:
    """Open Graph and Twitter card tags: what a link preview shows when the page is shared."""
    request = context.get("request")
    page = context.get("page")
    site_name = context.get("site_name", settings.CHORUS_SITE_NAME)
    language = translation.get_language() or settings.LANGUAGE_CODE
    meta: dict[str, Any] = {"site_name": site_name, "title": site_name, "description": "", "image": None}
    if page is not None and hasattr(page, "get_url"):
        meta["title"] = page.seo_title or page.title
        meta["description"] = _description(page)
        meta["type"] = "article" if getattr(page, "date", None) else "website"
        meta["url"] = public_url(page, request)
        language = page.locale.language_code
        image = getattr(page, "lead_image", None)
        if image is not None:
            rendition = image.get_rendition(OG_IMAGE_SPEC)
            meta["image"] = {
                "url": public_url(rendition.url),
                "width": rendition.width,
                "height": rendition.height,
                "alt": getattr(page, "lead_image_alt", ""),
            }
    else:
        meta["type"] = "website"
        meta["url"] = public_url(request.path) if request is not None else ""
    meta["locale"] = OG_LOCALES.get(language, language.replace("-", "_"))
    return meta
