from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

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
