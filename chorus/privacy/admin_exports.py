"""Sealed supporter exports in the admin: choose a campaign, watch the progress, download, delete.

URL names (namespace "privacy_admin"): `exports` (the form and the recent exports; `?page=ID`
chooses the campaign), `export_prepare`, `export_status` (JSON polled by
static/privacy/js/exports.js), `export_download`, `export_delete`. Administrators and
Campaigners only (core.roles.EXPORT_SUPPORTERS).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.menu import MenuItem
from wagtail.models import Page

from chorus.actions.models import ActionRollup
from chorus.core.errors import UserFacingError
from chorus.core.roles import EXPORT_SUPPORTERS

from .models import SealedExport
from .services import exports as sealed_exports

RECENT = 20


def campaign_choices() -> list[tuple[int, str]]:
    """Pages that have actions (originals: every language records against them), by title."""
    ids = ActionRollup.objects.filter(period=ActionRollup.Period.ALL).values("page_id")
    return [(page.pk, page.title) for page in Page.objects.filter(pk__in=ids).order_by("title", "pk")]


class ExportForm(forms.Form):
    page = forms.TypedChoiceField(label=gettext_lazy("Campaign"), coerce=int)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["page"]
        if isinstance(field, forms.TypedChoiceField):
            field.choices = campaign_choices()


def _status(export: SealedExport) -> dict[str, Any]:
    return {
        "id": export.pk,
        "state": export.state,
        "state_label": export.get_state_display(),
        "done": export.done,
        "total": export.total,
        "percent": export.percent,
        "finished": export.finished,
        "stale": sealed_exports.is_stale(export),
    }


@permission_required(EXPORT_SUPPORTERS, raise_exception=True)
def index(request: HttpRequest, form: ExportForm | None = None) -> HttpResponse:
    if form is None:
        chosen = request.GET.get("page", "")
        form = ExportForm(initial={"page": int(chosen)} if chosen.isdigit() else None)
    items = list(SealedExport.objects.select_related("created_by")[:RECENT])
    titles = dict(Page.objects.filter(pk__in=[item.page_id for item in items]).values_list("pk", "title"))
    rows = [
        {"export": item, "campaign": titles.get(item.page_id, ""), "stale": sealed_exports.is_stale(item)}
        for item in items
    ]
    return TemplateResponse(
        request,
        "privacy/admin/exports.html",
        {"form": form, "rows": rows, "keep_hours": settings.CHORUS_EXPORT_KEEP_HOURS},
    )


@require_POST
@permission_required(EXPORT_SUPPORTERS, raise_exception=True)
def prepare(request: HttpRequest) -> HttpResponse:
    form = ExportForm(request.POST)
    if not form.is_valid():
        return index(request, form=form)
    try:
        sealed_exports.prepare_export(form.cleaned_data["page"], by=request.user)
    except UserFacingError as error:
        form.add_error(None, error.message)
        return index(request, form=form)
    messages.success(request, _("The sealed export is being prepared. This page shows its progress."))
    return HttpResponseRedirect(reverse("privacy_admin:exports"))


@permission_required(EXPORT_SUPPORTERS, raise_exception=True)
def status(request: HttpRequest, export_id: int) -> HttpResponse:
    return JsonResponse(_status(get_object_or_404(SealedExport, pk=export_id)))


@permission_required(EXPORT_SUPPORTERS, raise_exception=True)
def download(request: HttpRequest, export_id: int) -> HttpResponseBase:
    export = get_object_or_404(SealedExport, pk=export_id)
    file_path = sealed_exports.export_path(export)
    if file_path is None:
        raise Http404
    sealed_exports.log_download(export, by=request.user)
    slug = Page.objects.filter(pk=export.page_id).values_list("slug", flat=True).first() or "campaign"
    response = FileResponse(
        file_path.open("rb"),
        as_attachment=True,
        filename=f"{slug}-supporters-{export.pk}.chorus-sealed",
        content_type="application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@permission_required(EXPORT_SUPPORTERS, raise_exception=True)
def delete(request: HttpRequest, export_id: int) -> HttpResponse:
    sealed_exports.delete_export(get_object_or_404(SealedExport, pk=export_id).pk, by=request.user)
    messages.success(request, _("The sealed export was deleted from the server."))
    return HttpResponseRedirect(reverse("privacy_admin:exports"))


# URL patterns under /admin/privacy/ (namespace "privacy_admin").
urls: list[Any] = [
    path("exports/", index, name="exports"),
    path("exports/prepare/", prepare, name="export_prepare"),
    path("exports/<int:export_id>/status/", status, name="export_status"),
    path("exports/<int:export_id>/download/", download, name="export_download"),
    path("exports/<int:export_id>/delete/", delete, name="export_delete"),
]


class ExportMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return bool(request.user.has_perm(EXPORT_SUPPORTERS))


def menu_item() -> MenuItem:
    return ExportMenuItem(
        gettext_lazy("Sealed exports"),
        reverse("privacy_admin:exports"),
        name="sealed-exports",
        icon_name="download",
        order=250,
    )
