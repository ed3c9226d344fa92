"""What every page that takes actions shares: one page id that all its translations count on."""

from __future__ import annotations

from django.utils.functional import cached_property
from wagtail.models import Page

from . import counters


class ActionPageMixin:
    """For Page subclasses that record actions (campaigns, events)."""

    pk: int
    translation_key: object

    @cached_property
    def action_page_id(self) -> int:
        """The page every translation records its actions against: the original (first) one.

        A signature in Thai and one in English count towards one petition; an RSVP in Khmer
        takes a place of the one event.
        """
        first = (
            Page.objects.filter(translation_key=self.translation_key)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
        return first or self.pk

    def counts(self) -> counters.Counts:
        return counters.read(self.action_page_id)
