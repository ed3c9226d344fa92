"""Signal receivers, connected in NewsConfig.ready(): keep the page cache and the search
index in step with what is published."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction
from wagtail.models import Page

from chorus.core import page_cache

from . import services


def page_published(sender: Any, instance: Page, **kwargs: Any) -> None:
    from .tasks import index_page_for_search

    page_cache.invalidate_all()
    transaction.on_commit(partial(index_page_for_search.enqueue, instance.pk))


def page_unpublished(sender: Any, instance: Page, **kwargs: Any) -> None:
    page_cache.invalidate_all()
    services.remove_from_search_index(instance.pk)


def page_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, Page):
        page_cache.invalidate_all()


def content_changed(sender: Any, **kwargs: Any) -> None:
    """Privacy, sites, images: anything a cached page may show or depend on."""
    page_cache.invalidate_all()
