"""State changes of the news app: the search index (the pages themselves change through
Wagtail's own publish actions in the admin), and newsflashes other apps post on a page (a
delivery record's announcement)."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from .models import Newsflash, SearchDocument, SearchTerm
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


def put_newsflash(page: Page, translation_key: uuid.UUID, html: str) -> tuple[Newsflash, str]:
    """Post or update the page's newsflash with this key (the caller then publishes the page).
    Returns it and what changed: "created", "updated" or "" (the text was already so)."""
    newsflash = Newsflash.objects.filter(page_id=page.pk, translation_key=translation_key).first()
    if newsflash is None:
        newsflash = Newsflash.objects.create(
            page=page,
            locale_id=page.locale_id,
            translation_key=translation_key,
            text=html,
            posted_at=timezone.now(),
        )
        return newsflash, "created"
    if newsflash.text != html:
        Newsflash.objects.filter(pk=newsflash.pk).update(text=html)
        newsflash.text = html
        return newsflash, "updated"
    return newsflash, ""


def delete_newsflash(page: Page, translation_key: uuid.UUID) -> int | None:
    """Delete the page's newsflash with this key; returns its id, None if there was none."""
    newsflash = Newsflash.objects.filter(page_id=page.pk, translation_key=translation_key).first()
    if newsflash is None:
        return None
    newsflash_id = int(newsflash.pk)
    newsflash.delete()
    return newsflash_id
