"""The error pages: in the visitor's language (LocaleMiddleware has already chosen it) with the
site chrome, like every other page.

Django's own handlers for 400 and 500 render their templates without the request, so context
processors (site name, `lang`) never run, and its CSRF failure page is English only. 403 and 404
use Django's handlers with our templates. The 500 page falls back to a plain page in every
language when the chrome itself cannot be rendered (a database that is down, for example).

A form body Django refuses to read (declared `charset=utf-16` or `iso-8859-1`: it raises
BadRequest on every read of `request.POST`) reaches these views too. Django's
`requires_csrf_token` reads the form again, which turned the 400 into an unhandled error; each
view first forgets such a body (`_unreadable_form_forgotten`), so the answer is our translated
400 page and nothing was done.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps

from django.core.exceptions import BadRequest, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)

ErrorView = Callable[..., HttpResponse]
_UNREADABLE = (BadRequest, MultiPartParserError, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)


def _unreadable_form_forgotten(view: ErrorView) -> ErrorView:
    """Read the form once; if Django cannot, leave the request with an empty one (as Django
    itself does after a broken multipart body) so that nothing on the error page raises again."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        try:
            request.POST  # noqa: B018 (reading it is the point)
        except _UNREADABLE:
            request._mark_post_parse_error()  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapper


@_unreadable_form_forgotten
@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


@_unreadable_form_forgotten
@never_cache
@requires_csrf_token
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form that came without a valid CSRF token: say what to do, in the visitor's language.

    `reason` is Django's English diagnosis; it goes to the log, not to the visitor.
    """
    logger.info("CSRF check failed: %s", reason)
    return render(request, "403_csrf.html", status=403)


@_unreadable_form_forgotten
@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    try:
        return render(request, "500.html", status=500)
    except Exception:
        # Whatever broke the view may break the chrome too (the site name comes from the database).
        logger.exception("The 500 page with the site chrome failed; serving the plain one")
        return HttpResponse(loader.get_template("500_plain.html").render(), status=500)
