from __future__ import annotations

from django.tasks import task

from . import services


@task()
def index_page_for_search(page_id: int) -> bool:
    """Tokenising Thai loads a dictionary: done by the worker, not in the publish request."""
    return services.update_search_index(page_id)
