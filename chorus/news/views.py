from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from chorus.core import page_cache

from .search import MAX_QUERY_LENGTH, search
from .sitemap import sitemap_entries

RESULTS_PER_PAGE = 10


@require_GET
def search_view(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()
    too_long = len(text) > MAX_QUERY_LENGTH
    hits = search(request, text) if text else []
    page_obj = Paginator(hits, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "news/search.html",
        {"query": text, "page_obj": page_obj, "hits": page_obj.object_list, "too_long": too_long},
    )


@require_GET
def sitemap_view(request: HttpRequest) -> HttpResponse:
    response = render(
        request, "news/sitemap.xml", {"entries": sitemap_entries(request)}, content_type="application/xml"
    )
    return page_cache.mark_view_cacheable(response)
