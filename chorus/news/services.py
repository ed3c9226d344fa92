"""State changes of the news app: the search index (the pages themselves change through
Wagtail's own publish actions in the admin)."""

from __future__ import annotations

from django.db import transaction
from wagtail.models import Page

from .models import SearchDocument, SearchTerm
from .tokenise import document_terms, normalise


def update_search_index(page_id: int) -> bool:
    """(Re)index one page if it is live and searchable; drop it otherwise. True if indexed."""
    page = Page.objects.filter(pk=page_id).first()
    specific = page.specific if page is not None else None
    if specific is None or not page.live or not hasattr(specific, "search_text_parts"):
        remove_from_search_index(page_id)
        return False
    weights: dict[str, int] = {}
    texts = []
    for text, weight in specific.search_text_parts():
        if not text:
            continue
        texts.append(text)
        for term in document_terms(text):
            weights[term] = max(weight, weights.get(term, 0))
    with transaction.atomic():
        document, _created = SearchDocument.objects.update_or_create(
            page_id=page_id, defaults={"text": normalise(" ".join(texts))}
        )
        document.terms.all().delete()
        SearchTerm.objects.bulk_create(
            [SearchTerm(document=document, term=term, weight=weight) for term, weight in weights.items()]
        )
    return True


def remove_from_search_index(page_id: int) -> None:
    SearchDocument.objects.filter(page_id=page_id).delete()


def index_unindexed_pages() -> int:
    """Index the live pages that have no search document yet (page types that became
    searchable after they were published); returns how many were indexed."""
    missing = Page.objects.live().filter(depth__gt=1, search_document__isnull=True)
    return sum(update_search_index(page_id) for page_id in missing.values_list("pk", flat=True))


def rebuild_search_index() -> int:
    """Index every live page again; returns how many were indexed."""
    indexed = 0
    for page_id in Page.objects.live().filter(depth__gt=1).values_list("pk", flat=True):
        indexed += update_search_index(page_id)
    SearchDocument.objects.exclude(page__live=True).delete()
    return indexed
