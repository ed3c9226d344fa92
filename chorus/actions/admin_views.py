"""Staff views in the Wagtail admin: intake per campaign, the pause switch, flagged actions."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from wagtail.models import Page

from . import anti_abuse, counters, services
from .models import Action, IntakePause, TrendReport

MODERATE = "actions.change_action"
FLAGGED_LIMIT = 500
# Trend reports seen within this long are shown on the intake page.
RECENT_TRENDS = timedelta(days=7)


@permission_required(MODERATE, raise_exception=True)
def intake(request: HttpRequest) -> HttpResponse:
    """One row per page that takes actions: counts, flagged, paused."""
    per_page = (
        Action.objects.values("page_id")
        .annotate(
            flagged=Count("pk", filter=Q(state=Action.State.FLAGGED)),
            # Of those, the ones a confirmed email would clear and that have none yet.
            awaiting_email=Count(
                "pk",
                filter=Q(
                    state=Action.State.FLAGGED,
                    flag_reason__in=anti_abuse.SOFT_REASONS,
                    confirmed_at__isnull=True,
                    supporter__isnull=False,
                ),
            ),
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
            "awaiting_email": row["awaiting_email"],
            "held": row["flagged"] - row["awaiting_email"],
            "invalidated": row["invalidated"],
            "paused": row["page_id"] in paused,
        }
        for row in per_page
    ]
    trends = (
        TrendReport.objects.filter(last_seen_at__gte=timezone.now() - RECENT_TRENDS)
        .select_related("page")
        .order_by("-last_seen_at", "-pk")[:50]
    )
    return TemplateResponse(request, "actions/admin/intake.html", {"rows": rows, "trends": trends})


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
    """The flagged actions, newest first, with their reasons in words; `?page=<id>` for one campaign."""
    actions = (
        Action.objects.filter(state=Action.State.FLAGGED)
        .select_related("page")
        .order_by("-created_at", "-pk")
    )
    campaign = None
    page_id = request.GET.get("page", "")
    if page_id.isdigit():
        campaign = Page.objects.filter(pk=int(page_id)).first()
        actions = actions.filter(page_id=int(page_id))
    rows = [
        {"action": action, "reason": anti_abuse.reason_label(action.flag_reason)}
        for action in actions[:FLAGGED_LIMIT]
    ]
    context = {"rows": rows, "campaign": campaign, "limit": FLAGGED_LIMIT}
    return TemplateResponse(request, "actions/admin/flagged.html", context)


def _back_to_flagged(request: HttpRequest) -> HttpResponse:
    url = reverse("actions_admin:flagged")
    page_id = request.POST.get("page", "")
    return HttpResponseRedirect(f"{url}?page={page_id}" if page_id.isdigit() else url)


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
    return _back_to_flagged(request)


@require_POST
@permission_required(MODERATE, raise_exception=True)
def review_flagged_in_bulk(request: HttpRequest) -> HttpResponse:
    """Count or invalidate every selected flagged action in one go."""
    ids = sorted({int(value) for value in request.POST.getlist("action") if value.isdigit()})
    decision = request.POST.get("decision")
    if not ids:
        messages.error(request, _("Select at least one action first."))
    elif decision == "count":
        done = services.unflag_actions(ids, by=request.user)
        messages.success(
            request,
            ngettext("%(count)s action now counts.", "%(count)s actions now count.", done) % {"count": done},
        )
    elif decision == "invalidate":
        done = services.invalidate_flagged_actions(ids, by=request.user)
        messages.success(
            request,
            ngettext("%(count)s action was invalidated.", "%(count)s actions were invalidated.", done)
            % {"count": done},
        )
    else:
        messages.error(request, _("Choose whether to count or invalidate the selected actions."))
    return _back_to_flagged(request)
