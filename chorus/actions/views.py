from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from chorus.core.error_pages import csrf_failure
from chorus.core.http import same_origin

from . import intake
from .confirmed import follow_ups
from .models import Action
from .services import ActionError, confirm_action, confirmable_action


def _confirmed(request: HttpRequest, action: Action, *, already: bool) -> HttpResponse:
    page, links = follow_ups(action)
    # Never "counted" for an action that is not: one still held waits for a check by staff.
    held = action.state == Action.State.FLAGGED
    context = {"action": action, "already": already, "held": held, "campaign": page, "links": links}
    return render(request, "actions/confirmed.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest) -> HttpResponse:
    """GET shows a button; only the POST confirms, so mail scanners following links cannot.

    A link already used says so, on GET and POST alike, rather than asking again.
    The token travels in the query string, which the access log leaves out (it logs the path).
    """
    token = request.GET.get("token", "")
    action = confirmable_action(token)
    if action is not None and action.confirmed_at is not None:
        return _confirmed(request, action, already=True)
    if request.method == "GET":
        valid = action is not None
        return render(request, "actions/confirm.html", {"valid": valid}, status=200 if valid else 400)
    try:
        action = confirm_action(token)
    except ActionError as error:
        return render(request, "actions/confirm.html", {"valid": False, "error": error.message}, status=400)
    return _confirmed(request, action, already=False)


LIVE_COUNTS_PROXY_SECONDS = 1


@csrf_exempt  # checked by where it came from instead: the page with the form is cached (intake.py)
@never_cache
def act(request: HttpRequest, page_id: int) -> HttpResponse:
    """The POST of an action page's form, without Wagtail's routing (actions.intake)."""
    if request.method == "POST" and not same_origin(request):
        return csrf_failure(request, reason="the POST came from another site, or said nowhere")
    return intake.serve_intake(request, page_id)


@never_cache
@require_GET
def fresh_token(request: HttpRequest, page_id: int) -> JsonResponse:
    """A new form token for a form that came from the cache (taken when filling it in begins):
    `from` is the cached token, `shown` how many seconds ago the browser showed the form."""
    try:
        shown = float(request.GET.get("shown", "0"))
    except ValueError:
        shown = 0.0
    return JsonResponse({"token": intake.new_token_for(page_id, request.GET.get("from", ""), shown)})


@require_GET
def live_counts(request: HttpRequest, page_id: int) -> JsonResponse:
    """The page's counts, as its template shows them, for pages served from the cache."""
    page, _restricted = intake.intake_page(page_id)
    if not page.live_counts_template:
        return JsonResponse({}, status=404)
    context = page.live_counts_context()
    html = render_to_string(page.live_counts_template, context)  # no context processors: no query
    response = JsonResponse({"total": context["counts"].total, "html": html})
    # Kept a second by a reverse proxy (one request a second however many pages poll), never by
    # the browser, whose next poll must see the next count.
    patch_cache_control(response, public=True, max_age=0, s_maxage=LIVE_COUNTS_PROXY_SECONDS)
    return response
