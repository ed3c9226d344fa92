"""The site's URLs with the benchmark's bare "hello" view in front of them."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from chorus.urls import urlpatterns as site_urlpatterns


def hello(request: HttpRequest) -> HttpResponse:
    """The baseline: a 200 with a short body, behind the same middleware as the site."""
    return HttpResponse(b"<!DOCTYPE html><title>hello</title><p>hello</p>", content_type="text/html")


urlpatterns = [path("bench/hello/", hello, name="bench-hello"), *site_urlpatterns]
