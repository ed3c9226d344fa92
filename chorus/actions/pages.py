"""What every page that takes actions shares: one page id that all its translations count on,
and the few words other pages use to present it (the news call-out block)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Page

from . import counters

# Where each kind of page has its form (the id of the form's section on the page).
FORM_ANCHORS = {"petition": "sign", "letter": "write", "joint_letter": "sign-on", "rsvp": "rsvp"}



class ActionPageMixin:
    """For Page subclasses that record actions (campaigns, events).

    Besides `action_page_id` and `counts()`, it answers what a page elsewhere needs to present
    the action (`news.blocks.ActionCalloutBlock`): its kind, the button's verb, the count in
    words, the goal, the form's anchor and why it takes no actions right now. Every method has
    a generic default; a kind's page class overrides what it words differently.
    """

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

    # --- how other pages present this action ------------------------------------------------

    # The `Action.Kind` value a page class collects; each kind's page class sets it.
    collects = ""

    def action_kind(self) -> str:
        """The `Action.Kind` value this page collects now, or "" when it takes none."""
        return self.collects

    def callout_verb(self) -> str:
        """The label of a button that leads to this page's form, in the active language."""
        verbs = {
            "petition": _("Sign"),
            "letter": _("Write a letter"),
            "joint_letter": _("Co-sign"),
            "rsvp": _("RSVP"),
        }
        return verbs.get(self.action_kind(), _("Take action"))

    def count_label(self, n: int) -> str:
        """`n` actions in words, e.g. "1,234 letters written", in the active language."""
        number = number_format(n, force_grouping=True)
        kind = self.action_kind()
        if kind == "petition":
            text = ngettext("%(count)s person has signed", "%(count)s people have signed", n)
        elif kind == "letter":
            text = ngettext("%(count)s letter written", "%(count)s letters written", n)
        elif kind == "joint_letter":
            text = ngettext("%(count)s signature received", "%(count)s signatures received", n)
        elif kind == "rsvp":
            text = ngettext("%(count)s RSVP", "%(count)s RSVPs", n)
        else:
            text = ngettext("%(count)s person has taken part", "%(count)s people have taken part", n)
        return text % {"count": number}

    def action_goal(self) -> int:
        """The number of actions the page aims for (0: none, so no goal bar)."""
        return int(getattr(self, "goal", 0) or 0)

    def action_form_anchor(self) -> str:
        """The id of the form's section on the page ("" when the page has no known one)."""
        return FORM_ANCHORS.get(self.action_kind(), "")

    def intake_notice(self, now: datetime.datetime | None = None) -> str:
        """Why the page takes no actions right now, in the active language; "" while it does.

        The default knows the engine's pause, a joint letter's closing time
        (`signing_closes_at`) and a day of action that has started (`has_started()`) or is full
        (`places_left() == 0`), in the order the pages themselves check them.
        """
        from .services import is_paused

        now = now or timezone.now()
        kind = self.action_kind()
        closes: datetime.datetime | None = getattr(self, "signing_closes_at", None)
        if kind == "joint_letter" and closes is not None and now >= closes:
            day = date_format(timezone.localtime(closes), "DATE_FORMAT")
            return _("Signing closed on %(date)s. Thank you to everyone who signed.") % {"date": day}
        has_started: Any = getattr(self, "has_started", None)
        if kind == "rsvp" and callable(has_started) and has_started(now):
            return _("This event has already started, so it no longer takes RSVPs.")
        if is_paused(self.action_page_id):
            return _("This action is paused at the moment. Please try again later.")
        places_left: Any = getattr(self, "places_left", None)
        if kind == "rsvp" and callable(places_left) and places_left() == 0:
            return _("This event is full. Thank you for your interest.")
        return ""
