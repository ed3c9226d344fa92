"""The site's URLs plus views that fail with a token in their address, for the log tests."""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpRequest, HttpResponse
from django.urls import path

from chorus.urls import handler400, handler500
from chorus.urls import urlpatterns as site_patterns


def broken(request: HttpRequest, token: str = "") -> HttpResponse:
    # An exception's message that quotes the request, as real bugs' messages do.
    raise RuntimeError(f"could not open {request.get_full_path()} for {request.META.get('REMOTE_ADDR')}")


__all__ = ["handler400", "handler500", "urlpatterns"]

urlpatterns = [
    *i18n_patterns(
        path("log-errors/broken/", broken),
        path("log-errors/broken/<str:token>/", broken),
        prefix_default_language=True,
    ),
    *site_patterns,
]
