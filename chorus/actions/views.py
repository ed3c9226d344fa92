from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .models import Action
from .services import ActionError, confirm_action
from .tokens import read_confirm_token


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest) -> HttpResponse:
    """GET shows a button; only the POST confirms, so mail scanners following links cannot.

    The token travels in the query string, which the access log leaves out (it logs the path).
    """
    token = request.GET.get("token", "")
    if request.method == "GET":
        valid = read_confirm_token(token) is not None
        return render(request, "actions/confirm.html", {"valid": valid}, status=200 if valid else 400)
    try:
        action = confirm_action(token)
    except ActionError as error:
        return render(request, "actions/confirm.html", {"valid": False, "error": error.message}, status=400)
    # Never "counted" for an action that is not: one still held waits for a check by staff.
    held = action.state == Action.State.FLAGGED
    return render(request, "actions/confirmed.html", {"held": held})
