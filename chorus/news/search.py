"""Site search over published pages, in the reader's language, in every script.

Pages are indexed as terms by services.update_search_index (see tokenise.py for how each
script is split). A page is found when it has every part of the query; pages with more
weight on the matched terms (title over summary over body) come first. Plain SQL on
indexed columns, so SQLite and PostgreSQL answer the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.http import HttpRequest
from wagtail.models import Page

from .listings import Visibility, current_language, in_language, url_for_reader
from .models import SearchTerm
from .tokenise import Query, parse_query

MAX_QUERY_LENGTH = 200


@dataclass(frozen=True)
class SearchHit:
    page: Any  # the specific page
    url: str
    language: str
    is_fallback: bool
    kind: str = ""  # "Campaign", "Day of action", "Article"…: a page type's `search_kind`


def matching_pages(query: Query, language: str, visibility: Visibility) -> QuerySet[Page]:
    """Live pages the reader may open that contain every part of `query`, best first."""
    pages = visibility.apply(in_language(Page.objects.live(), language)).filter(search_document__isnull=False)
    rank = Q()
    for term in sorted(query.exact_terms):
        pages = pages.filter(pk__in=SearchTerm.objects.filter(term=term).values("document_id"))
        rank |= Q(search_document__terms__term=term)
    for prefix in sorted(query.prefixes):
        pages = pages.filter(pk__in=SearchTerm.objects.filter(term__startswith=prefix).values("document_id"))
        rank |= Q(search_document__terms__term__startswith=prefix)
    for substring in sorted(query.substrings):
        pages = pages.filter(search_document__text__contains=substring)
    return pages.annotate(rank=Sum("search_document__terms__weight", filter=rank)).order_by(
        "-rank", "-first_published_at", "pk"
    )


def search(request: HttpRequest, text: str, limit: int = 50) -> list[SearchHit]:
    query = parse_query(text[:MAX_QUERY_LENGTH])
    if query.is_empty:
        return []
    language = current_language()
    pages = matching_pages(query, language, Visibility.for_request(request))
    found = list(pages.select_related("locale")[:limit])
    specific = {page.pk: page for page in Page.objects.filter(pk__in=[page.pk for page in found]).specific()}
    return [
        SearchHit(
            page=specific.get(page.pk, page),
            url=url_for_reader(page, request, language),
            language=page.locale.language_code,
            is_fallback=page.locale.language_code != language,
            kind=str(getattr(specific.get(page.pk, page), "search_kind", "") or ""),
        )
        for page in found
    ]
