"""Results dashboards in the Wagtail admin (permission `actions.view_results`).

URL names (namespace "results_admin"): `index` (campaigns with actions), `campaign` (one
campaign's dashboard), `download` (one of its tables as CSV).
"""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.http import content_disposition_header

from . import dashboard, downloads, summary

VIEW_RESULTS = "actions.view_results"


@permission_required(VIEW_RESULTS, raise_exception=True)
def index(request: HttpRequest) -> HttpResponse:
    """Every campaign that has actions, with its totals and today's count."""
    return TemplateResponse(request, "results/admin/index.html", {"campaigns": summary.campaigns()})


@permission_required(VIEW_RESULTS, raise_exception=True)
def campaign(request: HttpRequest, page_id: int) -> HttpResponse:
    page = dashboard.campaign_page(page_id)
    board = dashboard.dashboard(page)
    return TemplateResponse(request, "results/admin/dashboard.html", {"page": page, "board": board})


@permission_required(VIEW_RESULTS, raise_exception=True)
def download(request: HttpRequest, page_id: int, slug: str) -> HttpResponse:
    """One table as CSV: UTF-8 with BOM, formula-safe, aggregates only."""
    page = dashboard.campaign_page(page_id)
    table = dashboard.find_table(page, slug)
    response = HttpResponse(downloads.csv_bytes(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"{page.slug}-{slug}.csv")
    response["Cache-Control"] = "private, no-store"
    return response
