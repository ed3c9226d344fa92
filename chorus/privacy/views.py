"""A supporter's own data: ask for a link by email, see what is held, delete it. Thin views."""

from __future__ import annotations

import time

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from chorus.core.errors import UserFacingError
from chorus.core.http import client_ip

from . import services, tokens
from .forms import DataRequestForm, ForgetForm

# Answering a request takes at least this long, so the time taken does not tell whether the
# address is known (a known one also queues a mail).
RESPONSE_FLOOR_SECONDS = 0.25


def _private(response: HttpResponse) -> HttpResponse:
    # The page's URL carries the token: never send it on to another site. same-origin, not
    # no-referrer: with no-referrer Chromium posts the delete form with `Origin: null`, which
    # fails the CSRF check; same-origin still keeps the Referer off every cross-site request.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def request_link(request: HttpRequest) -> HttpResponse:
    form = DataRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        started = time.monotonic()
        try:
            services.request_data_link(
                form.cleaned_data["email"],
                language=translation.get_language() or "en",
                client_ip=client_ip(request),
            )
        except UserFacingError as error:
            form.add_error(None, error.message)
        else:
            time.sleep(max(0.0, RESPONSE_FLOOR_SECONDS - (time.monotonic() - started)))
            return HttpResponseRedirect(reverse("privacy:my_data_sent"))
    return render(request, "privacy/my_data_request.html", {"form": form}, status=400 if form.errors else 200)


@never_cache
def link_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/my_data_sent.html", {"minutes": tokens.LINK_SECONDS // 60})


def _invalid(request: HttpRequest) -> HttpResponse:
    return _private(render(request, "privacy/my_data_invalid.html", status=400))


@never_cache
@require_http_methods(["GET"])
def view_data(request: HttpRequest) -> HttpResponse:
    token = request.GET.get("token", "")
    supporter = tokens.read_data_token(token)
    if supporter is None:
        return _invalid(request)
    context = {
        "holdings": services.describe_holdings(supporter),
        "form": ForgetForm(initial={"token": token}),
    }
    return _private(render(request, "privacy/my_data_view.html", context))


@never_cache
@require_POST
def delete_data(request: HttpRequest) -> HttpResponse:
    form = ForgetForm(request.POST)
    supporter = tokens.read_data_token(form.cleaned_data["token"]) if form.is_valid() else None
    if supporter is None:
        return _invalid(request)
    services.forget_supporter(supporter.pk)
    return HttpResponseRedirect(reverse("privacy:my_data_deleted"))


@never_cache
def data_deleted(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/my_data_deleted.html")
