"""`{% public_url page_or_path %}`: the absolute public address (see chorus.core.urls)."""

from __future__ import annotations

from django import template
from wagtail.models import Page

from chorus.core import urls

register = template.Library()


@register.simple_tag(takes_context=True)
def public_url(context: template.Context, page_or_path: Page | str | None) -> str:
    return urls.public_url(page_or_path, request=context.get("request"))
