"""Template helpers for news pages: absolute URLs, share links, newsflashes, full documents."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from django import template
from django.utils.translation import gettext as _
from wagtail.models import Page

from chorus.core.urls import public_url

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context: template.Context, url: str) -> str:
    """A site path as the public address (CHORUS_BASE_URL) readers reach it at."""
    return public_url(url) if url else url


@register.simple_tag(takes_context=True)
def canonical_url(context: template.Context, page: Page) -> str:
    """The page's own public address in its own language (a fallback page points at the original)."""
    return public_url(page, request=context.get("request"))


@register.simple_tag
def page_description(page: Page) -> str:
    """The description for search engines and link previews: SEO text, else the summary."""
    return str(page.search_description or getattr(page, "summary", "") or "")


@dataclass(frozen=True)
class ShareLink:
    name: str
    url: str


@register.simple_tag
def share_links(url: str, title: str) -> list[ShareLink]:
    """Plain links to each service's share page: no script, no request until a reader clicks."""
    text = f"{title} {url}"
    return [
        ShareLink(_("Email"), "mailto:?" + urlencode({"subject": title, "body": url}, quote_via=quote)),
        ShareLink("Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
        ShareLink("X", "https://x.com/intent/post?" + urlencode({"url": url, "text": title})),
        ShareLink("LINE", "https://social-plugins.line.me/lineit/share?" + urlencode({"url": url})),
        ShareLink("Telegram", "https://t.me/share/url?" + urlencode({"url": url, "text": title})),
        ShareLink("WhatsApp", "https://wa.me/?" + urlencode({"text": text})),
        ShareLink(
            "Weibo", "https://service.weibo.com/share/share.php?" + urlencode({"url": url, "title": title})
        ),
    ]


@dataclass(frozen=True)
class DocumentLink:
    url: str
    label: str
    title: str


@register.simple_tag(takes_context=True)
def full_document(context: template.Context, page: Page | None) -> DocumentLink | None:
    """The linked letter in the reader's language when it is translated, with its link label."""
    if page is None:
        return None
    from ..listings import current_language, url_for_reader

    document = page.localized.specific
    if not document.live:
        document = page.specific
    if not document.live:
        return None
    url = url_for_reader(document, context.get("request"), current_language())
    label = getattr(document, "full_document_label", _("Go to the full document"))
    return DocumentLink(url=url, label=str(label), title=document.title)


@register.inclusion_tag("news/includes/newsflashes.html")
def newsflashes(page: Page, heading_level: int = 2) -> dict[str, Any]:
    """The newsflash updates of any page (an article, a campaign), newest first."""
    return {"newsflashes": list(page.newsflashes.all()), "heading_level": heading_level}
