"""Staff views in the Wagtail admin: intake per campaign, the pause switch, flagged actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page

from . import counters, services
from .models import Action, IntakePause

MODERATE = "actions.change_action"


@permission_required(MODERATE, raise_exception=True)
def intake(request: HttpRequest) -> HttpResponse:
    """One row per page that takes actions: counts, flagged, paused."""
    per_page = (
        Action.objects.values("page_id")
        .annotate(
            flagged=Count("pk", filter=Q(state=Action.State.FLAGGED)),
            invalidated=Count("pk", filter=Q(state=Action.State.INVALIDATED)),
        )
        .order_by("page_id")
    )
    pages = Page.objects.in_bulk([row["page_id"] for row in per_page])
    paused = set(IntakePause.objects.filter(paused=True).values_list("page_id", flat=True))
    rows = [
        {
            "page": pages.get(row["page_id"]),
            "counts": counters.read(row["page_id"]),
            "flagged": row["flagged"],
            "invalidated": row["invalidated"],
            "paused": row["page_id"] in paused,
        }
        for row in per_page
    ]
    return TemplateResponse(request, "actions/admin/intake.html", {"rows": rows})


@require_POST
@permission_required(MODERATE, raise_exception=True)
def toggle_pause(request: HttpRequest, page_id: int) -> HttpResponse:
    page = get_object_or_404(Page, pk=page_id)
    pause = request.POST.get("paused") == "1"
    services.set_paused(page.pk, pause, by=request.user)
    if pause:
        messages.success(request, _("Intake for “%(title)s” is paused.") % {"title": page.title})
    else:
        messages.success(request, _("Intake for “%(title)s” is open again.") % {"title": page.title})
    return HttpResponseRedirect(reverse("actions_admin:intake"))


@permission_required(MODERATE, raise_exception=True)
def flagged(request: HttpRequest) -> HttpResponse:
    actions = (
        Action.objects.filter(state=Action.State.FLAGGED).select_related("page").order_by("-created_at")[:500]
    )
    return TemplateResponse(request, "actions/admin/flagged.html", {"actions": actions})


@require_POST
@permission_required(MODERATE, raise_exception=True)
def review_flagged(request: HttpRequest, action_id: int) -> HttpResponse:
    action = get_object_or_404(Action, pk=action_id, state=Action.State.FLAGGED)
    if request.POST.get("decision") == "count":
        services.unflag_action(action.pk, by=request.user)
        messages.success(request, _("The action now counts."))
    elif request.POST.get("decision") == "invalidate":
        services.invalidate_action(action.pk, by=request.user)
        messages.success(request, _("The action was invalidated."))
    else:
        messages.error(request, _("Choose whether to count or invalidate the action."))
    return HttpResponseRedirect(reverse("actions_admin:flagged"))
