"""Moderation of petition comments: staff read pending comments, approve or reject them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.sidebar import LinkMenuItem

from chorus.core.languages import bcp47, language_name

from . import services as petition

MODERATE = "actions.change_action"


@permission_required(MODERATE, raise_exception=True)
def comments(request: HttpRequest) -> HttpResponse:
    """Pending comments, oldest first; those of unconfirmed actions cannot be approved yet."""
    rows = [
        {
            "item": item,
            "language": language_name(item.signature.language) if item.signature.language else "",
            "lang": bcp47(item.signature.language) if item.signature.language else "",
        }
        for item in petition.pending_comments()
    ]
    return TemplateResponse(request, "petitions/admin/comments.html", {"rows": rows})


def _chosen(request: HttpRequest) -> tuple[str, list[int]]:
    """The decision and the comments it is for: the ticked ones, or the one whose button was pressed."""
    decision = request.POST.get("decision", "")
    raw_ids = request.POST.getlist("selected")
    for one in ("approve", "reject"):
        if request.POST.get(f"{one}_one"):
            decision, raw_ids = one, [request.POST[f"{one}_one"]]
    return decision, [int(value) for value in raw_ids if value.isascii() and value.isdigit()]


def _approve(request: HttpRequest, ids: list[int]) -> None:
    done = petition.approve_comments(ids, by=request.user)
    messages.success(
        request,
        ngettext("%(count)s comment published.", "%(count)s comments published.", done) % {"count": done},
    )
    if done < len(ids):
        messages.warning(
            request,
            _(
                "Comments of signers who have not confirmed (or whose action was set aside) cannot be published."
            ),
        )


@require_POST
@permission_required(MODERATE, raise_exception=True)
def review_comments(request: HttpRequest) -> HttpResponse:
    """Approve or reject the ticked comments, or the one whose button was pressed."""
    decision, ids = _chosen(request)
    if not ids:
        messages.error(request, _("Choose at least one comment."))
    elif decision == "approve":
        _approve(request, ids)
    elif decision == "reject":
        done = petition.reject_comments(ids, by=request.user)
        messages.success(
            request,
            ngettext("%(count)s comment rejected.", "%(count)s comments rejected.", done) % {"count": done},
        )
    else:
        messages.error(request, _("Choose whether to publish or reject the comments."))
    return HttpResponseRedirect(reverse("petitions_admin:comments"))


@permission_required(MODERATE, raise_exception=True)
def published(request: HttpRequest) -> HttpResponse:
    """What petition pages show now (names and comments), with a way to take each down."""
    rows = [
        {"item": item, "lang": bcp47(item.language) if item.language else ""} for item in petition.published()
    ]
    return TemplateResponse(request, "petitions/admin/published.html", {"rows": rows})


@require_POST
@permission_required(MODERATE, raise_exception=True)
def take_down(request: HttpRequest) -> HttpResponse:
    """Hide a display name or withdraw a published comment (one at a time, by its button)."""
    raw = request.POST.get("hide_name") or request.POST.get("withdraw_comment") or ""
    if not (raw.isascii() and raw.isdigit()):
        messages.error(request, _("Choose a name or a comment to take down."))
    elif request.POST.get("hide_name"):
        if petition.hide_names([int(raw)], by=request.user):
            messages.success(request, _("The name is no longer shown and has been deleted."))
        else:
            messages.warning(request, _("That name was already taken down."))
    elif petition.withdraw_comments([int(raw)], by=request.user):
        messages.success(request, _("The comment is no longer shown and has been deleted."))
    else:
        messages.warning(request, _("That comment was already taken down."))
    return HttpResponseRedirect(reverse("petitions_admin:published"))


# URL patterns under /admin/petitions/ (namespace "petitions_admin").
urls: list[Any] = [
    path("comments/", comments, name="comments"),
    path("comments/review/", review_comments, name="review_comments"),
    path("comments/published/", published, name="published"),
    path("comments/published/take-down/", take_down, name="take_down"),
]


class CommentsMenuItem(MenuItem):
    """ "Petition comments (3)": the pending count is read only when the menu is drawn."""

    def is_shown(self, request: HttpRequest) -> bool:
        return bool(request.user.has_perm(MODERATE))

    def render_component(self, request: HttpRequest) -> LinkMenuItem:
        count = petition.pending_count()
        label = _("Petition comments (%(count)s)") % {"count": count} if count else str(self.label)
        return LinkMenuItem(
            self.name, label, self.url, icon_name=self.icon_name, classname=self.classname, attrs=self.attrs
        )


def menu_items() -> list[MenuItem]:
    """Items this module adds to the Wagtail admin menu."""
    return [
        CommentsMenuItem(
            gettext_lazy("Petition comments"),
            reverse("petitions_admin:comments"),
            name="petition-comments",
            icon_name="comment",
            order=252,
        )
    ]
