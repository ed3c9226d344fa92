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
from chorus.campaigns.review import Review
from chorus.core.countries import country_name
from chorus.core.languages import language_name

from . import services
from .models import JointLetterPage
from .signatures import Signature

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
    return TemplateResponse(request, "jointletters/admin/moderation_campaigns.html", {"rows": rows})


def _row(signature: Signature) -> dict[str, Any]:
    action = signature.action
    return {
        "signature": signature,
        # An individual's line is encrypted until it is public: decrypted here, for moderators.
        "line": signature.printed_line(),
        "country": country_name(signature.country),
        "language": language_name(signature.language),
        "confirmed": action.confirmed_at is not None,
        "flagged": action.state == Action.State.FLAGGED,
        "invalidated": action.state == Action.State.INVALIDATED,
        "approvable": signature.review == Review.PENDING
        and action.state in {Action.State.PENDING, Action.State.CONFIRMED}
        and action.purged_at is None,
    }


def _queue(page: JointLetterPage, review: str, confirmed: str) -> list[dict[str, Any]]:
    """The campaign's signatures in the order they came, filtered by review state and confirmation."""
    signatures = (
        Signature.objects.filter(page_id=page.pk).select_related("action").order_by("created_at", "pk")
    )
    if review in REVIEW_FILTERS:
        signatures = signatures.filter(review=REVIEW_FILTERS[review])
    if confirmed == "yes":
        signatures = signatures.filter(action__confirmed_at__isnull=False)
    elif confirmed == "no":
        signatures = signatures.filter(action__confirmed_at__isnull=True)
    return [_row(signature) for signature in signatures[:LIST_LIMIT]]


def _filters() -> dict[str, Any]:
    return {
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
    }


@permission_required(MODERATE, raise_exception=True)
def moderation(request: HttpRequest, page_id: int) -> HttpResponse:
    """One campaign's signatures, filtered by review state and confirmation."""
    page = get_object_or_404(JointLetterPage, pk=page_id)
    if page.action_page_id != page.pk:
        # A translation's queue is its original's: signatures belong to the original page.
        return HttpResponseRedirect(
            reverse("jointletters_admin:joint_letter_moderation", args=[page.action_page_id])
        )
    review = request.GET.get("review", "pending")
    confirmed = request.GET.get("confirmed", "")
    context = {
        "page": page,
        "rows": _queue(page, review, confirmed),
        "review": review,
        "confirmed": confirmed,
        "query": urlencode({"review": review, "confirmed": confirmed}),
        **_filters(),
    }
    return TemplateResponse(request, "jointletters/admin/moderation.html", context)


def _chosen(request: HttpRequest, page: JointLetterPage) -> tuple[str, list[int], str]:
    """The decision, the campaign's signatures it is for (the ticked ones, or the one whose
    button was pressed) and the reason given for a rejection."""
    decision = request.POST.get("decision", "")
    raw_ids = request.POST.getlist("selected")
    reason = request.POST.get("bulk_reason", "")
    for one in ("approve", "reject"):
        value = request.POST.get(f"{one}_one", "")
        if value:
            decision, raw_ids = one, [value]
            reason = request.POST.get(f"reason_{value}", "")
    wanted = [int(value) for value in raw_ids if value.isascii() and value.isdigit()]
    ids = list(Signature.objects.filter(page_id=page.pk, pk__in=wanted).values_list("pk", flat=True))
    return decision, ids, reason


def _approve(request: HttpRequest, ids: list[int]) -> None:
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


def _reject(request: HttpRequest, ids: list[int], reason: str) -> None:
    if not reason.strip():
        messages.error(request, _("Please give a reason: it is sent to the signer."))
        return
    result = services.reject(ids, reason, by=request.user)
    messages.success(
        request,
        ngettext("%(count)s signature rejected.", "%(count)s signatures rejected.", result.done)
        % {"count": result.done},
    )


@require_POST
@permission_required(MODERATE, raise_exception=True)
def review(request: HttpRequest, page_id: int) -> HttpResponse:
    """Approve or reject the ticked signatures, or the one whose button was pressed."""
    page = get_object_or_404(JointLetterPage, pk=page_id)
    if page.action_page_id != page.pk:
        raise Http404
    decision, ids, reason = _chosen(request, page)
    if not ids:
        messages.error(request, _("Choose at least one signature."))
    elif decision == "approve":
        _approve(request, ids)
    elif decision == "reject":
        _reject(request, ids, reason)
    else:
        messages.error(request, _("Choose whether to approve or reject the signatures."))
    query = request.POST.get("query", "")
    return HttpResponseRedirect(
        reverse("jointletters_admin:joint_letter_moderation", args=[page.pk]) + "?" + query
    )


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


# URL patterns under /admin/jointletters/ (namespace "jointletters_admin").
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
            reverse("jointletters_admin:joint_letters"),
            name="joint-letters",
            icon_name="group",
            order=253,
        )
    ]
