from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from chorus.news.services import rebuild_search_index


class Command(BaseCommand):
    help = "Index every published page for the site search again (after an upgrade of the tokenisers)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = rebuild_search_index()
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} pages."))
