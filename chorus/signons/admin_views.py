"""Moderation of joint letter signatures (owner: sign-on feature).

Staff see each campaign's signatures with what would be printed, approve them or reject them
with a reason, one by one or in bulk. The signer is mailed the outcome in their language.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.sidebar import LinkMenuItem

from chorus.actions.models import Action
from chorus.core.countries import country_name
from chorus.core.languages import language_name
from chorus.jointletters.models import JointLetterPage

from . import services
from .models import Review, Signature

MODERATE = "actions.change_action"
LIST_LIMIT = 500
REVIEW_FILTERS = {
    "pending": Review.PENDING,
    "approved": Review.APPROVED,
    "rejected": Review.REJECTED,
}


def _campaigns() -> list[JointLetterPage]:
    """Joint letter campaigns, one per set of translations (the page actions belong to)."""
    pages = JointLetterPage.objects.order_by("pk")
    seen: set[Any] = set()
    result = []
    for page in pages:
        # The first page of a translation_key in pk order is the original (action_page_id).
        if page.translation_key not in seen:
            seen.add(page.translation_key)
            result.append(page)
    return result


@permission_required(MODERATE, raise_exception=True)
def campaigns(request: HttpRequest) -> HttpResponse:
    """Joint letter campaigns with their numbers of signatures by review state."""
    pages = _campaigns()
    numbers = {
        row["page_id"]: row
        for row in Signature.objects.filter(page_id__in=[page.pk for page in pages])
        .values("page_id")
        .annotate(
            pending=Count("pk", filter=Q(review=Review.PENDING)),
            approved=Count("pk", filter=Q(review=Review.APPROVED)),
            rejected=Count("pk", filter=Q(review=Review.REJECTED)),
        )
        .order_by()
    }
    rows: list[dict[str, Any]] = [{"page": page, "numbers": numbers.get(page.pk, {})} for page in pages]
    return TemplateResponse(request, "signons/admin/moderation_campaigns.html", {"rows": rows})


@permission_required(MODERATE, raise_exception=True)
def moderation(request: HttpRequest, page_id: int) -> HttpResponse:
    """One campaign's signatures, filtered by review state and confirmation."""
    page = get_object_or_404(JointLetterPage, pk=page_id)
    if page.action_page_id != page.pk:
        # A translation's queue is its original's: signatures belong to the original page.
        return HttpResponseRedirect(
            reverse("signons_admin:joint_letter_moderation", args=[page.action_page_id])
        )
    review = request.GET.get("review", "pending")
    confirmed = request.GET.get("confirmed", "")
    signatures = Signature.objects.filter(page_id=page.pk).select_related("action").order_by("created_at")
    if review in REVIEW_FILTERS:
        signatures = signatures.filter(review=REVIEW_FILTERS[review])
    if confirmed == "yes":
        signatures = signatures.filter(action__confirmed_at__isnull=False)
    elif confirmed == "no":
        signatures = signatures.filter(action__confirmed_at__isnull=True)
    rows: list[dict[str, Any]] = [
        {
            "signature": signature,
            "country": country_name(signature.country),
            "language": language_name(signature.language),
            "confirmed": signature.action.confirmed_at is not None,
            "flagged": signature.action.state == Action.State.FLAGGED,
            "invalidated": signature.action.state == Action.State.INVALIDATED,
            "approvable": signature.review == Review.PENDING
            and signature.action.state in {Action.State.PENDING, Action.State.CONFIRMED}
            and signature.action.purged_at is None,
        }
        for signature in signatures[:LIST_LIMIT]
    ]
    context = {
        "page": page,
        "rows": rows,
        "review": review,
        "confirmed": confirmed,
        "review_choices": [
            ("pending", _("Waiting for review")),
            ("approved", _("Approved")),
            ("rejected", _("Rejected")),
            ("all", _("All")),
        ],
        "confirmed_choices": [
            ("", _("Confirmed or not")),
            ("yes", _("Confirmed")),
            ("no", _("Not confirmed")),
        ],
        "query": urlencode({"review": review, "confirmed": confirmed}),
    }
    return TemplateResponse(request, "signons/admin/moderation.html", context)


@require_POST
@permission_required(MODERATE, raise_exception=True)
def review(request: HttpRequest, page_id: int) -> HttpResponse:
    """Approve or reject the ticked signatures, or the one whose button was pressed."""
    page = get_object_or_404(JointLetterPage, pk=page_id)
    if page.action_page_id != page.pk:
        raise Http404
    back = (
        reverse("signons_admin:joint_letter_moderation", args=[page.pk]) + "?" + request.POST.get("query", "")
    )
    decision = request.POST.get("decision", "")
    raw_ids = request.POST.getlist("selected")
    reason = request.POST.get("bulk_reason", "")
    for one in ("approve", "reject"):
        value = request.POST.get(f"{one}_one", "")
        if value:
            decision, raw_ids = one, [value]
            reason = request.POST.get(f"reason_{value}", "")
    ids = list(
        Signature.objects.filter(
            page_id=page.pk, pk__in=[int(v) for v in raw_ids if v.isascii() and v.isdigit()]
        ).values_list("pk", flat=True)
    )
    if not ids:
        messages.error(request, _("Choose at least one signature."))
    elif decision == "approve":
        result = services.approve(ids, by=request.user)
        messages.success(
            request,
            ngettext("%(count)s signature approved.", "%(count)s signatures approved.", result.done)
            % {"count": result.done},
        )
        if result.refused:
            messages.warning(
                request,
                ngettext(
                    "%(count)s signature cannot be approved: its action is flagged or invalidated, "
                    "or it was rejected before.",
                    "%(count)s signatures cannot be approved: their actions are flagged or invalidated, "
                    "or they were rejected before.",
                    result.refused,
                )
                % {"count": result.refused},
            )
    elif decision == "reject":
        if not reason.strip():
            messages.error(request, _("Please give a reason: it is sent to the signer."))
        else:
            result = services.reject(ids, reason, by=request.user)
            messages.success(
                request,
                ngettext("%(count)s signature rejected.", "%(count)s signatures rejected.", result.done)
                % {"count": result.done},
            )
    else:
        messages.error(request, _("Choose whether to approve or reject the signatures."))
    return HttpResponseRedirect(back)


@permission_required(MODERATE, raise_exception=True)
def logo(request: HttpRequest, signature_id: int) -> HttpResponseBase:
    """The uploaded logo of a signature, from private storage: for moderators only (the queue
    shows it before approval). Never cached, by the browser or any proxy."""
    signature = get_object_or_404(Signature.objects.only("pk", "logo"), pk=signature_id)
    if not signature.logo:
        raise Http404
    try:
        file = signature.logo.storage.open(signature.logo.name or "", "rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(file, content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    return response


# URL patterns under /admin/signons/ (namespace "signons_admin").
urls: list[Any] = [
    path("joint-letters/", campaigns, name="joint_letters"),
    path("joint-letters/logo/<int:signature_id>/", logo, name="joint_letter_logo"),
    path("joint-letters/<int:page_id>/", moderation, name="joint_letter_moderation"),
    path("joint-letters/<int:page_id>/review/", review, name="joint_letter_review"),
]


class JointLettersMenuItem(MenuItem):
    """ "Joint letters (5)": the pending count is read only when the menu is drawn."""

    def is_shown(self, request: HttpRequest) -> bool:
        return bool(request.user.has_perm(MODERATE))

    def render_component(self, request: HttpRequest) -> LinkMenuItem:
        count = services.pending_count()
        label = _("Joint letters (%(count)s)") % {"count": count} if count else str(self.label)
        return LinkMenuItem(
            self.name, label, self.url, icon_name=self.icon_name, classname=self.classname, attrs=self.attrs
        )


def menu_items() -> list[MenuItem]:
    """Items this module adds to the Wagtail admin menu."""
    return [
        JointLettersMenuItem(
            gettext_lazy("Joint letters"),
            reverse("signons_admin:joint_letters"),
            name="joint-letters",
            icon_name="group",
            order=253,
        )
    ]
