"""What every page that takes actions shares: one page id that all its translations count on,
and the few words other pages use to present it (the news call-out block)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.cache import patch_cache_control
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Page

from chorus.core import page_cache
from chorus.core.http import private_response

from . import counters
from .results import ResultsTable
from .services import ActionError, is_paused

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
    if TYPE_CHECKING:  # what the Page it is mixed into provides
        url: str

        def render(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse: ...

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

    # The fragment of the page that shows its counts, which script on a cached page refreshes
    # from `/<lang>/act/<page id>/counts/` ("": the page has none to refresh).
    live_counts_template = ""

    def live_counts_context(self) -> dict[str, Any]:
        """What `live_counts_template` needs; from caches only (no query while they are warm)."""
        return {"page": self, "counts": self.counts()}

    def results_tables(self) -> list[ResultsTable]:
        """The kind's own tables on the results dashboard (per target, by status, places...),
        called on the original page with the staff member's language active. Aggregates only,
        in a few queries whatever the number of actions."""
        return []

    # --- how other pages present this action ------------------------------------------------

    # The `Action.Kind` value a page class collects; each kind's page class sets it.
    collects = ""
    # The name of the routable view that takes the form's POST ("sign" for `sign/`): the plain
    # intake URL `/<lang>/act/<page id>/` hands the POST to it (actions.intake).
    intake_route = ""

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

    def closed_notice(self, now: datetime.datetime | None = None) -> str:
        """Why the page refuses every action right now, in the active language; "" while it
        takes them. The default knows the engine's pause; a kind adds its own reasons first (a
        joint letter's closing time, a day of action that has started)."""
        if is_paused(self.action_page_id):
            return _("This action is paused at the moment. Please try again later.")
        return ""

    def intake_notice(self, now: datetime.datetime | None = None) -> str:
        """What a page elsewhere shows instead of a button to this action: `closed_notice`, and
        what only the kind's service decides for each person (a day of action that is full)."""
        return self.closed_notice(now)

    # --- taking an action: the same steps for every kind ------------------------------------

    def keep_warm(self) -> None:
        """Work out what every POST of the form needs, on the page `actions.intake` keeps per
        process until the content version changes (its copies share it). A kind whose form
        reads more than the page (a letter's targets and templates) overrides this."""

    # The template context name of the page's form (a kind whose template says otherwise sets it).
    form_context_name = "form"

    def action_form(self, request: HttpRequest) -> Any:
        """The kind's form, bound to the POST (an `actions.forms.ActionForm`)."""
        raise NotImplementedError

    def take_action(self, request: HttpRequest, form: Any) -> HttpResponse:
        """Call the kind's service with a valid form and answer with what follows (usually a
        redirect to the thank-you page). Raises an `ActionError` with a message for the form."""
        raise NotImplementedError

    def serve_cacheable(self, request: HttpRequest) -> HttpResponse:
        """The page itself (its GET): the same HTML for every anonymous visitor, so it may be
        kept in the page cache and by a reverse proxy (CHORUS_ACTION_PAGE_CACHE_SECONDS and
        _PROXY_SECONDS). Its counts move (script refreshes them) and its form carries a token
        stamped when it was made (script exchanges it when a visitor starts filling it in)."""
        response = self.render(request)
        seconds = settings.CHORUS_ACTION_PAGE_CACHE_SECONDS
        if seconds > 0:
            page_cache.mark_cacheable(request, response, self)
        if getattr(response, "chorus_cacheable", False):
            page_cache.keep_at_most(response, seconds)
            proxy = min(seconds, settings.CHORUS_ACTION_PAGE_PROXY_SECONDS)
            patch_cache_control(response, public=True, max_age=0, s_maxage=proxy)
        return response

    def serve_action(self, request: HttpRequest) -> HttpResponse:
        """The POST of the page's form: what every kind does the same way.

        Anything but a POST goes back to the form. While the page takes no actions (paused,
        closed, started: `closed_notice`, checked here once) the page is shown again
        with its notice and nothing is recorded. A valid form goes to the kind's `take_action`;
        an `ActionError` from it, or an invalid form, shows the page again with the messages
        (an expired fill-time token is renewed, so pressing the button again works).
        """
        if request.method != "POST":
            anchor = self.action_form_anchor()
            return HttpResponseRedirect(self.url + (f"#{anchor}" if anchor else ""))
        if self.closed_notice():
            return private_response(self.render(request))
        form = self.action_form(request)
        if form.is_valid():
            try:
                return self.take_action(request, form)
            except ActionError as error:
                form.add_error(None, error.message)
        elif "form_token" in form.errors:
            form.renew_token()
        return private_response(self.render(request, context_overrides={self.form_context_name: form}))
