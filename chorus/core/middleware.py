"""Cross-cutting request handling: language memory, staff MFA, content security policy."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation

Handler = Callable[[HttpRequest], HttpResponse]

ADMIN_PREFIX = "/admin/"


class RememberLanguageMiddleware:
    """Save the language of the last language-prefixed page a visitor read.

    `/` then redirects there on the next visit (Django's LocaleMiddleware reads the
    cookie before Accept-Language). The cookie holds a language code and nothing else.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        language = translation.get_language_from_path(request.path_info)
        if language and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite="Lax",
                secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
                httponly=True,
            )
        return response


def has_totp(user: object) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class StaffMFAMiddleware:
    """Staff reach the Wagtail admin only after enrolling a TOTP authenticator."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        user = getattr(request, "user", None)
        if (
            path.startswith(ADMIN_PREFIX)
            and user is not None
            and user.is_authenticated
            and user.is_staff
            and not has_totp(user)
        ):
            target = reverse("mfa_activate_totp") + "?" + urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(target)
        return self.get_response(request)


# Everything the public site needs comes from this origin: no CDN, web font or tracker.
PUBLIC_CSP = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "style-src 'self'",
        "script-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    """A strict CSP on the public site; the Wagtail admin keeps its own needs (inline scripts)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path_info.startswith(ADMIN_PREFIX) and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = PUBLIC_CSP
        return response
