"""Delivery bundles in the admin: prepare one per campaign, watch its progress, download it.

URL names (namespace "handover_admin"): `bundles` (campaigns that collect signatures),
`bundle_campaign` (one campaign: the form and its bundles), `bundle_prepare`, `bundle_retry`,
`bundle_status` (JSON polled by static/handover/js/bundle.js), `bundle_download`.
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

from chorus.campaigns.models import CampaignPage, bundle_page_types
from chorus.core.errors import UserFacingError
from chorus.core.roles import PREPARE_BUNDLES

from .bundle import bundle_languages
from .models import DeliveryBundle
from .services import bundles

# Campaigners and Administrators (core.roles): a bundle prints every approved signatory's name.
PREPARE = PREPARE_BUNDLES


class BundleForm(forms.Form):
    language = forms.ChoiceField(label=gettext_lazy("Language of the cover letter"))
    include_comments = forms.BooleanField(
        label=gettext_lazy("Include approved comments (petitions)"), required=False
    )

    def __init__(self, *args: Any, languages: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = dict(settings.LANGUAGES)
        language = self.fields["language"]
        if isinstance(language, forms.ChoiceField):
            language.choices = [(code, names[code]) for code in languages]


def _campaign(page_id: int) -> Any:
    """The original page of a campaign (actions and bundles belong to it)."""
    page = get_object_or_404(CampaignPage, pk=page_id).specific
    if page.action_page_id != page.pk:
        raise Http404
    return page


def _status(bundle: DeliveryBundle) -> dict[str, Any]:
    return {
        "id": bundle.pk,
        "state": bundle.state,
        "state_label": bundle.get_state_display(),
        "done": bundle.done,
        "total": bundle.total,
        "percent": bundle.percent,
        "finished": bundle.state in (DeliveryBundle.State.READY, DeliveryBundle.State.FAILED),
        # Queued or running with no progress for a while: the page then offers to try again.
        "stale": bundles.is_stale(bundle),
    }


@permission_required(PREPARE, raise_exception=True)
def index(request: HttpRequest) -> HttpResponse:
    """Campaigns that collect petition or joint letter signatures (original pages only)."""
    keys = CampaignPage.objects.filter(content_type__in=bundle_page_types()).values("translation_key")
    originals: dict[Any, Any] = {}
    for page in CampaignPage.objects.filter(translation_key__in=keys).order_by("pk").specific():
        originals.setdefault(page.translation_key, page)
    return TemplateResponse(
        request,
        "handover/admin/bundles.html",
        {"campaigns": sorted(originals.values(), key=lambda page: page.title.lower())},
    )


@permission_required(PREPARE, raise_exception=True)
def campaign(request: HttpRequest, page_id: int, form: BundleForm | None = None) -> HttpResponse:
    page = _campaign(page_id)
    languages = bundle_languages(page.pk)
    if form is None:
        initial = page.locale.language_code if page.locale.language_code in languages else None
        form = BundleForm(languages=languages, initial={"language": initial})
    items = list(DeliveryBundle.objects.filter(page_id=page.pk).select_related("created_by")[:20])
    names = dict(settings.LANGUAGES)
    return TemplateResponse(
        request,
        "handover/admin/bundle_campaign.html",
        {
            "page": page,
            "form": form,
            "bundles": [
                {
                    "bundle": item,
                    "language": names.get(item.language, item.language),
                    "stale": bundles.is_stale(item),
                }
                for item in items
            ],
            "running": any(not _status(item)["finished"] for item in items),
        },
    )


@require_POST
@permission_required(PREPARE, raise_exception=True)
def prepare(request: HttpRequest, page_id: int) -> HttpResponse:
    page = _campaign(page_id)
    form = BundleForm(request.POST, languages=bundle_languages(page.pk))
    if not form.is_valid():
        return campaign(request, page_id, form=form)
    try:
        bundles.prepare_bundle(
            page.pk,
            form.cleaned_data["language"],
            include_comments=form.cleaned_data["include_comments"],
            by=request.user,
        )
    except UserFacingError as error:
        form.add_error(None, error.message)
        return campaign(request, page_id, form=form)
    messages.success(request, _("The bundle is being prepared. This page shows its progress."))
    return HttpResponseRedirect(reverse("handover_admin:bundle_campaign", args=[page.pk]))


@require_POST
@permission_required(PREPARE, raise_exception=True)
def retry(request: HttpRequest, bundle_id: int) -> HttpResponse:
    item = get_object_or_404(DeliveryBundle, pk=bundle_id)
    try:
        bundles.retry_bundle(item.pk, by=request.user)
    except UserFacingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The bundle is being prepared again."))
    return HttpResponseRedirect(reverse("handover_admin:bundle_campaign", args=[item.page_id]))


@permission_required(PREPARE, raise_exception=True)
def status(request: HttpRequest, bundle_id: int) -> HttpResponse:
    item = get_object_or_404(DeliveryBundle, pk=bundle_id)
    return JsonResponse(_status(item))


@permission_required(PREPARE, raise_exception=True)
def download(request: HttpRequest, bundle_id: int) -> HttpResponseBase:
    item = get_object_or_404(DeliveryBundle, pk=bundle_id)
    file_path = bundles.bundle_path(item)
    if file_path is None:
        raise Http404
    bundles.log_download(item, by=request.user)
    page = Page.objects.filter(pk=item.page_id).only("slug").first()
    slug = page.slug if page is not None else "campaign"
    response = FileResponse(
        file_path.open("rb"),
        as_attachment=True,
        filename=f"{slug}-{item.language}-bundle-{item.pk}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


# URL patterns under /admin/handover/ (namespace "handover_admin").
urls: list[Any] = [
    path("bundles/", index, name="bundles"),
    path("bundles/campaign/<int:page_id>/", campaign, name="bundle_campaign"),
    path("bundles/campaign/<int:page_id>/prepare/", prepare, name="bundle_prepare"),
    path("bundles/<int:bundle_id>/retry/", retry, name="bundle_retry"),
    path("bundles/<int:bundle_id>/status/", status, name="bundle_status"),
    path("bundles/<int:bundle_id>/download/", download, name="bundle_download"),
]


class BundleMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return bool(request.user.has_perm(PREPARE))


def menu_items() -> list[MenuItem]:
    """Items this module adds to the Wagtail admin menu."""
    return [
        BundleMenuItem(
            gettext_lazy("Delivery bundles"),
            reverse("handover_admin:bundles"),
            name="delivery-bundles",
            icon_name="doc-full",
            order=254,
        )
    ]
