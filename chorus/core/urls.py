"""The site's public address: every absolute URL that leaves the site is made here.

Share links, mails, feeds, calendar files and the sitemap are read outside the request that
made them (in a mail program, a feed reader, a messenger), so they must carry the address
people reach the site at (`CHORUS_BASE_URL`), never the Wagtail Site's hostname (often
`localhost`) nor the Host header of the request (the address behind a proxy, or whatever a
client sent).
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.conf import settings

if TYPE_CHECKING:
    from django.http import HttpRequest
    from wagtail.models import Page


def base_url() -> str:
    """`CHORUS_BASE_URL` without a trailing slash, e.g. https://campaign.example.org."""
    return str(settings.CHORUS_BASE_URL).rstrip("/")


def public_host() -> str:
    """The host name of the public address (the Atom feeds' tag: ids)."""
    return urlsplit(base_url()).hostname or "localhost"


def public_url(path_or_page: str | Page | None, request: HttpRequest | None = None) -> str:
    """The absolute public URL of a path (`/en/campaigns/x/`) or of a page.

    A page's URL is taken without its Site's root URL, so a Site configured as
    `localhost:80` still gives `https://campaign.example.org/en/...`. A string that is
    already absolute (media on another host, a CDN) is returned as it is.
    """
    if path_or_page is None:
        return base_url() + "/"
    if isinstance(path_or_page, str):
        path = path_or_page
    else:
        # The request only lets Wagtail reuse the site root paths it has already read.
        parts = path_or_page.get_url_parts(request=request)
        if parts is None:
            return base_url() + "/"
        path = parts[2] or "/"
    if "://" in path or path.startswith("//"):
        return path
    if not path.startswith("/"):
        path = "/" + path
    return base_url() + path
