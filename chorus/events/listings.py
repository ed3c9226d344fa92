"""Read-only queries behind the events index and the home page's "Coming up" list.

Like the news lists: a reader sees their language plus default-language events nobody has
translated yet, never pages they may not open. Places left are read for a whole list in two
queries (the original pages, then their counter rows), never one query per event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Min, Q, QuerySet, Sum
from django.http import HttpRequest
from django.utils import timezone
from wagtail.models import Page

from chorus.actions.models import ActionCount
from chorus.news import listings as news_listings

from .models import EventIndexPage, EventPage
from .when import When, when

UPCOMING_MAX = 50
PAST_PER_PAGE = 10
HOME_UPCOMING = 3


@dataclass(frozen=True)
class EventItem:
    page: EventPage
    url: str
    language: str  # the language the page is written in (differs from the reader's on fallback)
    is_fallback: bool
    when: When
    places_left: int | None  # None: no limit


def _not_over(now: datetime) -> Q:
    return Q(ends_at__gte=now) | Q(ends_at__isnull=True, starts_at__gte=now)


def events_for_reader(request: HttpRequest | None, *, under: list[str] | None = None) -> QuerySet[EventPage]:
    """Live events in the reader's language (with fallback) that they may open, under the given tree paths."""
    language = news_listings.current_language()
    visibility = news_listings.Visibility.for_request(request)
    events = news_listings.in_language(EventPage.objects.live(), language)
    if under is not None:
        query = Q()
        for path in under:
            query |= Q(path__startswith=path)
        events = events.filter(query) if under else events.none()
    return visibility.apply(events).select_related("locale")


def _with_places(pages: list[EventPage]) -> dict[int, int | None]:
    """Places left per event (by pk), in two queries for the whole list."""
    limited = [page for page in pages if page.capacity]
    if not limited:
        return {page.pk: None for page in pages}
    originals = dict(
        # order_by(): Page's default ordering would otherwise join the GROUP BY (one group per page).
        Page.objects.filter(translation_key__in={page.translation_key for page in limited})
        .order_by()
        .values("translation_key")
        .annotate(first=Min("pk"))
        .values_list("translation_key", "first")
    )
    for page in limited:
        # Saves the per-page query of EventPage.action_page_id.
        page.__dict__["action_page_id"] = originals.get(page.translation_key, page.pk)
    taken = dict(
        ActionCount.objects.filter(page_id__in={page.action_page_id for page in limited})
        .values("page_id")
        .annotate(total=Sum("value"))
        .values_list("page_id", "total")
    )
    return {
        page.pk: (
            max(0, page.capacity - int(taken.get(page.action_page_id, 0) or 0)) if page.capacity else None
        )
        for page in pages
    }


def items(
    request: HttpRequest | None, pages: list[EventPage], *, with_places: bool = True
) -> list[EventItem]:
    language = news_listings.current_language()
    places = _with_places(pages) if with_places else {}
    return [
        EventItem(
            page=page,
            url=news_listings.url_for_reader(page, request, language),
            language=page.locale.language_code,
            is_fallback=page.locale.language_code != language,
            when=when(page, language),
            places_left=places.get(page.pk),
        )
        for page in pages
    ]


def index_context(index: EventIndexPage, request: HttpRequest) -> dict[str, Any]:
    """Upcoming events (soonest first) on the first page, then past ones (latest first), paginated."""
    now = timezone.now()
    paths = list(Page.objects.filter(translation_key=index.translation_key).values_list("path", flat=True))
    events = events_for_reader(request, under=paths)
    paginator = Paginator(events.exclude(_not_over(now)).order_by("-starts_at", "-pk"), PAST_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    upcoming: list[EventPage] = []
    if page_obj.number == 1:
        upcoming = list(events.filter(_not_over(now)).order_by("starts_at", "pk")[:UPCOMING_MAX])
    return {
        "upcoming": items(request, upcoming),
        "past": items(request, list(page_obj.object_list), with_places=False),
        "page_obj": page_obj,
    }


def upcoming_events(request: HttpRequest | None, limit: int = HOME_UPCOMING) -> list[EventItem]:
    """The next few events anywhere on the site, for the home page."""
    now = timezone.now()
    pages = list(events_for_reader(request).filter(_not_over(now)).order_by("starts_at", "pk")[:limit])
    return items(request, pages)


def events_index_for(request: HttpRequest | None) -> EventIndexPage | None:
    """The events index in the reader's language (or the default one), for a "All events" link."""
    language = news_listings.current_language()
    indexes = news_listings.in_language(EventIndexPage.objects.live(), language)
    return news_listings.Visibility.for_request(request).apply(indexes).order_by("pk").first()
