"""Absolute addresses on the public site, from `CHORUS_BASE_URL`, never from the request.

Link previews (Open Graph) and shared links must name the address readers use, not
whatever host a proxy or a test client sent in the `Host` header.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings


def public_url(path: str) -> str:
    """`path` (or an already absolute URL, such as media on another host) as a public address."""
    if not path or urlsplit(path).scheme:
        return path
    return settings.CHORUS_BASE_URL.rstrip("/") + "/" + path.lstrip("/")
