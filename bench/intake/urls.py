"""The site's URLs with the benchmark's bare view in front of them."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from chorus.urls import urlpatterns as site_urlpatterns

BARE_TABLE = "bench_bare"


@csrf_exempt
@require_POST
def bare(request: HttpRequest) -> HttpResponse:
    """The baseline: one INSERT in autocommit and a 200, behind the same middleware as the site.

    It reads one field of the same form body the petition gets, so request parsing is paid
    by both sides of the comparison.
    """
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {BARE_TABLE} (note) VALUES (%s)", [request.POST.get("name", "")])  # noqa: S608 - constant table name
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare, name="bench-bare"), *site_urlpatterns]
