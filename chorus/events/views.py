"""The event page's routes: the page itself, the RSVP (POST), thanks and the calendar file."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header
from wagtail.images import get_image_model

from chorus.actions.models import Action
from chorus.actions.services import is_paused
from chorus.core.errors import UserFacingError
from chorus.core.urls import public_url

from . import ics as ics_file
from . import services
from .forms import RSVPForm
from .models import EventPhoto
from .when import when

if TYPE_CHECKING:
    from .models import EventPage

PHOTO_SPEC = "fill-600x400"
LARGE_SPEC = "width-1600"


def gallery(page: EventPage) -> list[EventPhoto]:
    """The photos from the day with their images and renditions: three queries."""
    images = get_image_model().objects.prefetch_renditions(PHOTO_SPEC, LARGE_SPEC)
    return list(
        EventPhoto.objects.filter(page=page)
        .order_by("sort_order", "pk")
        .prefetch_related(Prefetch("image", queryset=images))
    )


def event_context(page: EventPage, request: HttpRequest, context: dict[str, Any]) -> dict[str, Any]:
    now = timezone.now()
    started = page.has_started(now)
    places_left = page.places_left()
    paused = is_paused(page.action_page_id) if page.rsvp_enabled and not started else False
    return {
        "when": when(page),
        "started": started,
        "over": page.is_over(now),
        "places_left": places_left,
        "full": places_left == 0,
        "paused": paused,
        "rsvp_open": page.rsvp_enabled and not started and not paused and places_left != 0,
        "form": context.get("form") or RSVPForm(),
        "photos": gallery(page) if started else [],
    }


def record(page: EventPage, request: HttpRequest, form: RSVPForm) -> HttpResponse:
    """A valid RSVP: record it (the service decides whether a place is left) and say thanks.

    The thank-you page is the same whether the address was on the list before or not. With an
    email address the cancel link goes by mail only; without one there is no mail and no
    other RSVP to find, so the link (to this form's own RSVP) rides along to the page.
    """
    submission = form.submission(
        page_id=page.action_page_id, request=request, retention_days=services.retention_days_for(page)
    )
    outcome = services.record_rsvp(page, submission)
    query = {"mail": "1" if submission.email else "0"}
    if not submission.email:
        query["c"] = services.cancel_token(outcome.action)
    return HttpResponseRedirect(page.url + page.reverse_subpage("thanks") + "?" + urlencode(query))


def thanks(page: EventPage, request: HttpRequest) -> HttpResponse:
    context = page.get_context(request)
    context["mail_sent"] = request.GET.get("mail") == "1"
    context["cancel_token"] = request.GET.get("c", "")[:200] if not context["mail_sent"] else ""
    return TemplateResponse(request, "events/rsvp_thanks.html", context)


def cancel(page: EventPage, request: HttpRequest) -> HttpResponse:
    """GET shows the RSVP and a button (link scanners change nothing); POST frees the place."""
    token = request.GET.get("token", "")
    context = page.get_context(request)
    context.update({"token": token, "done": False, "was_cancelled": False, "error": ""})
    status = 200
    try:
        if request.method == "POST":
            context["done"] = True
            context["was_cancelled"] = not services.cancel_rsvp(page, token)
        else:
            action = services.rsvp_to_cancel(page, token)
            context["done"] = context["was_cancelled"] = action.state == Action.State.INVALIDATED
    except UserFacingError as error:
        context["error"] = error.message
        status = 400
    response = TemplateResponse(request, "events/rsvp_cancel.html", context, status=status)
    # The token never leaves the site in a Referer; same-origin (not no-referrer) keeps the
    # button's POST carrying a real Origin, which the CSRF check needs.
    response["Referrer-Policy"] = "same-origin"
    add_never_cache_headers(response)
    return response


def ics(page: EventPage, request: HttpRequest) -> HttpResponse:
    url = public_url(page, request=request)
    body = ics_file.event_calendar(page, url=url, language=translation.get_language() or "en")
    filename = f"{page.slug or 'event'}.ics"
    return HttpResponse(
        body,
        content_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": content_disposition_header(True, filename) or "attachment"},
    )
