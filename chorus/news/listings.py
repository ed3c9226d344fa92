"""Read-only queries behind the home page, the news index, feeds, sitemap and search.

Two rules shape every list:
- a reader sees only pages they may open (members-only pages are hidden from visitors);
- a reader sees their language, plus the default-language pages nobody has translated
  yet (those open in the default language under a notice, as the router does).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.urls import translate_url
from django.utils import translation
from wagtail.models import Page, PageViewRestriction

if TYPE_CHECKING:
    from .models import ArticlePage, Newsflash, NewsIndexPage


def current_language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


@dataclass(frozen=True)
class Visibility:
    """Which restricted parts of the tree the current reader may not open."""

    hidden: tuple[str, ...]  # tree paths of restricted pages this reader cannot open
    members_only: tuple[str, ...]  # tree paths of pages behind a login, for a "Members only" mark

    @classmethod
    def for_request(cls, request: HttpRequest | None) -> Visibility:
        cached: Visibility | None = getattr(request, "_chorus_visibility", None)
        if cached is not None:
            return cached
        user = getattr(request, "user", None)
        authenticated = bool(user is not None and user.is_authenticated)
        restrictions = PageViewRestriction.objects.select_related("page").only(
            "restriction_type", "page__path"
        )
        if authenticated:
            restrictions = restrictions.prefetch_related("groups")
        hidden = []
        members_only = []
        for restriction in restrictions:
            path = restriction.page.path
            if restriction.restriction_type == PageViewRestriction.LOGIN:
                members_only.append(path)
                if not authenticated:
                    hidden.append(path)
            elif restriction.restriction_type == PageViewRestriction.GROUPS:
                allowed = authenticated and (
                    user.is_superuser  # type: ignore[union-attr]
                    or bool({group.pk for group in restriction.groups.all()} & _group_ids(user))
                )
                if not allowed:
                    hidden.append(path)
            else:
                # A password is checked per page in the session: never list such pages.
                hidden.append(path)
        visibility = cls(hidden=tuple(hidden), members_only=tuple(members_only))
        if request is not None:
            request._chorus_visibility = visibility  # type: ignore[attr-defined]
        return visibility

    @classmethod
    def public(cls) -> Visibility:
        """What an anonymous visitor may see (feeds and the sitemap are public)."""
        return cls.for_request(None)

    def apply(self, pages: QuerySet[Any]) -> QuerySet[Any]:
        query = Q()
        for path in self.hidden:
            query |= Q(path__startswith=path)
        return pages.exclude(query) if self.hidden else pages

    def is_members_only(self, page: Page) -> bool:
        return any(page.path.startswith(path) for path in self.members_only)


def _group_ids(user: Any) -> set[int]:
    cached: set[int] | None = getattr(user, "_chorus_group_ids", None)
    if cached is None:
        cached = set(user.groups.values_list("pk", flat=True))
        user._chorus_group_ids = cached
    return cached


def in_language(pages: QuerySet[Any], language: str, *, with_fallback: bool = True) -> QuerySet[Any]:
    """Pages in `language`, plus (with_fallback) default-language pages not live in it."""
    default = settings.LANGUAGE_CODE
    if language == default or not with_fallback:
        return pages.filter(locale__language_code=language)
    translated = Page.objects.live().filter(locale__language_code=language).values("translation_key")
    return pages.filter(
        Q(locale__language_code=language)
        | (Q(locale__language_code=default) & ~Q(translation_key__in=translated))
    )


def url_for_reader(page: Page, request: HttpRequest | None, language: str) -> str:
    """The page's URL, kept under the reader's language prefix when it is a fallback page."""
    url = page.get_url(request=request) or ""
    if url and page.locale.language_code != language:
        # translate_url resolves the path under the active language's prefix: the page's.
        with translation.override(page.locale.language_code):
            url = translate_url(url, language)
    return url


@dataclass(frozen=True)
class Teaser:
    page: ArticlePage
    url: str
    language: str  # the language the page is written in (differs from the reader's on fallback)
    is_fallback: bool
    members_only: bool


def articles_in(
    language: str, visibility: Visibility, *, with_fallback: bool = True
) -> QuerySet[ArticlePage]:
    from .models import ArticlePage

    articles = in_language(ArticlePage.objects.live(), language, with_fallback=with_fallback)
    return (
        visibility.apply(articles)
        .select_related("locale", "lead_image")
        .prefetch_related(Prefetch("lead_image__renditions"))
        .order_by("-date", "-first_published_at", "-pk")
    )


def teasers(
    request: HttpRequest | None, articles: list[ArticlePage], language: str, visibility: Visibility
) -> list[Teaser]:
    return [
        Teaser(
            page=article,
            url=url_for_reader(article, request, language),
            language=article.locale.language_code,
            is_fallback=article.locale.language_code != language,
            members_only=visibility.is_members_only(article),
        )
        for article in articles
    ]


def latest_articles(request: HttpRequest, limit: int) -> list[Teaser]:
    language = current_language()
    visibility = Visibility.for_request(request)
    return teasers(request, list(articles_in(language, visibility)[:limit]), language, visibility)


@dataclass(frozen=True)
class NewsflashItem:
    newsflash: Newsflash
    url: str  # of the page it belongs to, with the newsflash's anchor
    page_title: str
    language: str


def newsflashes_in(
    language: str, visibility: Visibility, *, with_fallback: bool = True
) -> QuerySet[Newsflash]:
    from .models import Newsflash

    pages = visibility.apply(in_language(Page.objects.live(), language, with_fallback=with_fallback))
    return (
        Newsflash.objects.filter(page__in=pages.values("pk"))
        .select_related("page", "page__locale")
        .order_by("-posted_at", "-pk")
    )


def newsflash_item(request: HttpRequest | None, newsflash: Newsflash, language: str) -> NewsflashItem:
    page = newsflash.page
    return NewsflashItem(
        newsflash=newsflash,
        url=f"{url_for_reader(page, request, language)}#newsflash-{newsflash.pk}",
        page_title=page.title,
        language=page.locale.language_code,
    )


def latest_newsflash(request: HttpRequest) -> NewsflashItem | None:
    language = current_language()
    newsflash = newsflashes_in(language, Visibility.for_request(request)).first()
    return newsflash_item(request, newsflash, language) if newsflash else None


@dataclass(frozen=True)
class IndexLink:
    page: NewsIndexPage
    url: str


def news_index_for(request: HttpRequest) -> IndexLink | None:
    """The news index in the reader's language (or the default one), for "All news" links."""
    from .models import NewsIndexPage

    language = current_language()
    candidates = in_language(NewsIndexPage.objects.live(), language).select_related("locale")
    index = min(candidates, key=lambda page: page.locale.language_code != language, default=None)
    if index is None:
        return None
    return IndexLink(page=index, url=url_for_reader(index, request, language))
