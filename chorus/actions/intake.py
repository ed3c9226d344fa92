"""The form's POST without Wagtail's routing: `/<lang>/act/<page id>/`.

Wagtail finds a page by walking the site tree (the site, the locale, each page of the path,
the ancestors' aliases): eleven statements before a signature is even read. An action form
posts instead to a plain URL naming its page, and the page comes from a small cache in each
process, keyed by its id and the page cache's content version (`core.page_cache`), so a
publish, a move or a privacy change anywhere makes every process read its pages again.

The POST then goes to the same routable view as before (`intake_route` of the page: `sign/`,
`write/`, `join/`, `rsvp/`...), so every kind keeps its own steps (a letter's preview). The old
addresses keep working for forms rendered before.

These views carry no CSRF token: the page with the form is the same for every anonymous
visitor so that it can be cached, and the POST is checked against `Origin`/`Referer` instead
(docs/architecture.md, "Cached action pages and CSRF").
"""

from __future__ import annotations

import copy
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from wagtail import hooks
from wagtail.models import Page

from chorus.core import page_cache

from .forms import restamped_token
from .pages import ActionPageMixin

# Pages kept per process: far more than a site has action pages; past it the cache starts over.
MAX_KEPT = 500


class _Kept:
    __slots__ = ("language", "page", "restricted", "version")

    def __init__(self, version: str, page: Any, language: str, restricted: bool) -> None:
        self.version, self.page, self.language, self.restricted = version, page, language, restricted


_kept: dict[int, _Kept] = {}


def _load(page_id: int, version: str) -> _Kept | None:
    page = Page.objects.live().filter(pk=page_id).specific().select_related("locale").first()
    if not isinstance(page, ActionPageMixin) or not page.intake_route:
        return None
    page.action_page_id  # noqa: B018 (worked out once, kept with the page)
    page.keep_warm()
    restricted = page.get_view_restrictions().exists()  # type: ignore[attr-defined]
    return _Kept(version, page, page.locale.language_code, restricted)  # type: ignore[attr-defined]


def intake_page(page_id: int) -> tuple[Any, bool]:
    """The live action page with this id in the active language (a copy of the one kept), and
    whether it has view restrictions. Http404 for anything else."""
    version = page_cache.content_version()
    kept = _kept.get(page_id)
    if kept is None or kept.version != version:
        kept = _load(page_id, version)
        if kept is None:
            raise Http404
        if len(_kept) >= MAX_KEPT:
            _kept.clear()
        _kept[page_id] = kept
    if kept.language != translation.get_language():
        raise Http404
    return copy.copy(kept.page), kept.restricted


def serve_intake(request: HttpRequest, page_id: int) -> HttpResponse:
    """What the form's POST gets: the page's intake route, as Wagtail would have served it."""
    page, restricted = intake_page(page_id)
    if restricted:
        # Only then the checks Wagtail's serve view runs (a password, a members-only page).
        for hook in hooks.get_hooks("before_serve_page"):
            result = hook(page, request, (), {})
            if isinstance(result, HttpResponse):
                return result
    match = page.resolve_subpage("/" + page.reverse_subpage(page.intake_route))
    request.routable_resolver_match = match  # type: ignore[attr-defined]
    view, args, kwargs = match
    response: HttpResponse = page.serve(request, view, args, kwargs)
    return response


def new_token_for(page_id: int, cached: str, shown_seconds: float) -> str:
    """A fresh form token for the page's form, fetched when a visitor starts filling in a form
    that came from the cache: a key of their own, and the fill time counted from when their
    browser showed the form (`forms.restamped_token`)."""
    intake_page(page_id)
    return restamped_token(cached, shown_seconds)
