"""The links of the main menu and the footer, in the reader's language, for this reader.

A link to a page behind Wagtail page privacy (members-only) is shown only to a logged-in
reader the restriction lets in. Anonymous readers therefore all get the same menu, which
is what keeps the anonymous page cache (chorus/core/page_cache.py) safe: logged-in readers
are never served from it, and nothing an anonymous visitor's session holds (a page
password, say) changes what the menu shows them.

Three queries for all menus of a request: the menu rows, the pages' translations, the
restrictions on them or above. For anonymous readers the menus are kept in the shared page
cache per host and language (`_cached_menus`) until a publish, a move, a deletion or a
changed menu item, restriction or site makes them stale (`invalidate_menus`, called wherever
the page cache is invalidated): none of those queries then, on every page.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from uuid import uuid4

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest
from django.urls import translate_url
from django.utils import translation
from wagtail.models import Page, PageViewRestriction

from .languages import bcp47
from .models import MenuItem


@dataclass(frozen=True)
class MenuLink:
    label: str
    url: str
    # The BCP 47 tag when the label is not in the reader's language (an untranslated link).
    lang: str
    current: bool
    members_only: bool


def _restrictions_by_path(pages: list[Page]) -> dict[str, list[PageViewRestriction]]:
    """Restrictions that apply to each page: on the page itself or on any ancestor."""
    steplen = Page.steplen
    paths = {page.path[:end] for page in pages for end in range(steplen, len(page.path) + 1, steplen)}
    found: dict[str, list[PageViewRestriction]] = {}
    for restriction in PageViewRestriction.objects.filter(page__path__in=paths).select_related("page"):
        found.setdefault(restriction.page.path, []).append(restriction)
    return {
        page.path: [r for path, rs in found.items() if page.path.startswith(path) for r in rs]
        for page in pages
    }


def _may_see(request: HttpRequest, restrictions: list[PageViewRestriction]) -> bool:
    if not restrictions:
        return True
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return all(restriction.accept_request(request) for restriction in restrictions)


def menu_links(request: HttpRequest, menu: str = MenuItem.Menu.MAIN) -> list[MenuLink]:
    """The links of one menu; every menu of the request is read at once, on first use."""
    menus: dict[str, list[MenuLink]] | None = getattr(request, "_chorus_menus", None)
    if menus is None:
        menus = site_menus(request)
        request._chorus_menus = menus  # type: ignore[attr-defined]
    return menus.get(menu, [])


_VERSION_KEY = "chorus:menus:version"


def _shared_cache() -> BaseCache:
    # The page cache: shared by every web worker and the task worker (a file cache or Redis),
    # so a publish anywhere makes the menus stale everywhere.
    return caches["pages" if "pages" in settings.CACHES else "default"]


def invalidate_menus() -> None:
    _shared_cache().set(_VERSION_KEY, uuid4().hex, None)


def site_menus(request: HttpRequest) -> dict[str, list[MenuLink]]:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return _menus(request)
    return _cached_menus(request)


def _cached_menus(request: HttpRequest) -> dict[str, list[MenuLink]]:
    """An anonymous reader's menus: the same for every anonymous reader of a host and language
    (a restricted link is hidden from all of them), apart from which link is the current page."""
    cache = _shared_cache()
    version = cache.get(_VERSION_KEY)
    if version is None:
        version = uuid4().hex
        cache.add(_VERSION_KEY, version, None)
        version = cache.get(_VERSION_KEY, version)
    try:
        host = request.get_host()
    except DisallowedHost:
        # The 400 page of a host the site does not serve: made as before, never kept.
        return _menus(request)
    language = translation.get_language() or settings.LANGUAGE_CODE
    key = f"chorus:menus:{version}:{request.scheme}:{host}:{language}"
    menus: dict[str, list[MenuLink]] | None = cache.get(key)
    if menus is None:
        menus = _menus(request)
        cache.set(key, menus, None)
    return {
        menu: [replace(link, current="#" not in link.url and link.url == request.path) for link in links]
        for menu, links in menus.items()
    }


def _menus(request: HttpRequest) -> dict[str, list[MenuLink]]:
    language = translation.get_language() or settings.LANGUAGE_CODE
    default = settings.LANGUAGE_CODE
    rows = (
        MenuItem.objects.filter(locale__language_code__in={language, default})
        .select_related("locale", "page__locale")
        .order_by("sort_order", "pk")
    )
    # One row per link: the reader's translation, else the original (shown in its own language).
    chosen: dict[object, MenuItem] = {}
    for row in rows:
        if row.translation_key not in chosen or row.locale.language_code == language:
            chosen[row.translation_key] = row
    items = sorted(chosen.values(), key=lambda row: (row.sort_order, row.pk))
    if not items:
        return {}
    translations = {
        page.translation_key: page
        for page in Page.objects.live()
        .select_related("locale")
        .filter(
            translation_key__in=[item.page.translation_key for item in items], locale__language_code=language
        )
    }
    targets: list[tuple[MenuItem, Page]] = []
    for item in items:
        page = translations.get(item.page.translation_key) or item.page
        if page.live:
            targets.append((item, page))
    restrictions = _restrictions_by_path([page for _item, page in targets])
    menus: dict[str, list[MenuLink]] = {}
    for item, page in targets:
        rules = restrictions[page.path]
        if not _may_see(request, rules):
            continue
        url = page.get_url(request=request) or ""
        if url and page.locale.language_code != language:
            # An untranslated page stays under the reader's prefix: the home page serves the
            # original there with a notice, and the reader's language choice is kept.
            with translation.override(page.locale.language_code):
                url = translate_url(url, language)
        label_language = item.locale.language_code if item.label else page.locale.language_code
        menus.setdefault(item.menu, []).append(
            MenuLink(
                label=item.label or page.title,
                url=f"{url}#{item.anchor}" if item.anchor else url,
                lang="" if label_language == language else bcp47(label_language),
                current=not item.anchor and url == request.path,
                members_only=bool(rules),
            )
        )
    return menus
