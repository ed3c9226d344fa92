"""The site's URLs plus three views that fail on purpose, for the error page tests."""

from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.urls import path

from chorus.urls import handler400, handler500
from chorus.urls import urlpatterns as site_patterns


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


def suspicious(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("a tampered request")


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


__all__ = ["handler400", "handler500", "urlpatterns"]

urlpatterns = [
    *i18n_patterns(
        path("test-errors/broken/", broken),
        path("test-errors/suspicious/", suspicious),
        path("test-errors/forbidden/", forbidden),
        prefix_default_language=True,
    ),
    *site_patterns,
]
