"""The anonymous page cache: whole rendered pages, per language, dropped on every publish.

Visitors who are not logged in all see the same page for a URL, so the rendered HTML is
kept in the "pages" cache (a file cache shared by the web workers, or Redis) under a key
made of the content version, host, language and full path. Any publish, unpublish, move,
deletion or privacy change sets a new content version, so every cached page goes stale at
once: the home page, index and feeds show other pages' content, so a per-page purge would
miss them. A hit costs no database query at all.

A page can ask to be kept for less (`keep_at_most`): an article with an action call-out shows a
live count, so it is kept a minute, not a day.

What is never cached: logged-in readers, pages behind any view restriction, requests with
messages waiting to be shown, responses that set cookies, and anything but GET 200.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Any
from uuid import uuid4

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import BaseCache, caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from chorus.core import navigation
from chorus.core.middleware import PUBLIC_CSP

VERSION_KEY = "chorus:pages:version"
TIMEOUT = 60 * 60 * 24
# Headers a cached page is served with; everything else is added again by the middleware
# chain on each request (language cookie, security headers).
KEPT_HEADERS = ("Content-Type", "Content-Language", "Content-Security-Policy", "Cache-Control")
HIT_HEADER = "X-Chorus-Page-Cache"


def page_cache() -> BaseCache:
    alias = "pages" if "pages" in settings.CACHES else "default"
    return caches[alias]


def content_version() -> str:
    cache = page_cache()
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid4().hex
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    return str(version)


def invalidate_all(**kwargs: Any) -> None:
    """Make every cached page stale (connected to publish, unpublish, delete, move...), and the
    anonymous readers' menus with them."""
    page_cache().set(VERSION_KEY, uuid4().hex, None)
    navigation.invalidate_menus()


def invalidate_on_commit() -> None:
    """For a decision that changes what a public page shows (a comment approved, a signatory
    listed, intake paused): every cached page goes stale once it is committed."""
    transaction.on_commit(invalidate_all)


def _key(request: HttpRequest, version: str) -> str:
    raw = "|".join(
        [
            version,
            request.scheme or "",
            request.get_host(),
            translation.get_language() or "",
            request.get_full_path(),
        ]
    )
    return "chorus:page:" + hashlib.sha256(raw.encode()).hexdigest()


def _anonymous_without_messages(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    if user is None or user.is_authenticated:
        return False
    # len() peeks without marking the messages as shown.
    return len(get_messages(request)) == 0


def mark_cacheable(request: HttpRequest, response: HttpResponse, page: Any) -> None:
    """Called by a page's serve(): this response may be cached if the rest allows it."""
    if request.method != "GET" or not _anonymous_without_messages(request):
        return
    if page.get_view_restrictions().exists():
        return
    response.chorus_cacheable = True  # type: ignore[attr-defined]


def mark_view_cacheable(response: HttpResponse) -> HttpResponse:
    """For plain views with public content (feeds, sitemap)."""
    response.chorus_cacheable = True  # type: ignore[attr-defined]
    return response


def keep_at_most(response: HttpResponse, seconds: int) -> None:
    """Keep this response in the page cache for at most `seconds` (it shows something live)."""
    current = getattr(response, "chorus_cache_seconds", TIMEOUT)
    response.chorus_cache_seconds = min(current, seconds)  # type: ignore[attr-defined]


def allow_frames(response: HttpResponse, origins: Iterable[str]) -> None:
    """The public CSP plus frame-src for the given origins (click-to-load video players)."""
    response["Content-Security-Policy"] = f"{PUBLIC_CSP}; frame-src {' '.join(origins)}"


class AnonymousPageCacheMiddleware:
    """Serve and store cached pages for anonymous GET requests (see the module docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in {"GET", "HEAD"} or not _anonymous_without_messages(request):
            return self.get_response(request)
        cache = page_cache()
        key = _key(request, content_version())
        cached = cache.get(key)
        if cached is not None:
            content, headers = cached
            response = HttpResponse(content)
            for name, value in headers.items():
                response[name] = value
            response[HIT_HEADER] = "hit"
            return response
        response = self.get_response(request)
        if (
            request.method == "GET"
            and getattr(response, "chorus_cacheable", False)
            and response.status_code == 200
            and not response.cookies
            and not response.streaming
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        ):
            headers = {name: response[name] for name in KEPT_HEADERS if name in response}
            timeout = min(TIMEOUT, getattr(response, "chorus_cache_seconds", TIMEOUT))
            cache.set(key, (response.content, headers), timeout)
            response[HIT_HEADER] = "miss"
        return response
