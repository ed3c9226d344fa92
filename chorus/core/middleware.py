"""Cross-cutting request handling: language memory, staff MFA, content security policy."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse
from django.utils import translation

Handler = Callable[[HttpRequest], HttpResponse]

ADMIN_PREFIX = "/admin/"


class RememberLanguageMiddleware:
    """Save the language of the last language-prefixed page a visitor read.

    `/` then redirects there on the next visit (Django's LocaleMiddleware reads the
    cookie before Accept-Language). The cookie holds a language code and nothing else.

    Not on a page a shared cache may keep (`Cache-Control: public`, an action page for an
    anonymous visitor): a reverse proxy keeps no response that sets a cookie, and a surge's
    visitors are mostly new, cookie-less ones (deploy/nginx/chorus.conf).
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        language = translation.get_language_from_path(request.path_info)
        public = "public" in response.get("Cache-Control", "")
        if language and not public and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language:
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


def can_enter_admin(user: object) -> bool:
    """Whether Wagtail (or a staff check) would let this account into any admin page.

    Wagtail admits anyone holding `wagtailadmin.access_admin`, which users created or grouped
    in the admin get without `is_staff`; superusers hold every permission. The flags are
    checked too, so the answer never depends on how the account was made.
    """
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return False
    return bool(
        getattr(user, "is_superuser", False)
        or getattr(user, "is_staff", False)
        or user.has_perm("wagtailadmin.access_admin")  # type: ignore[attr-defined]
    )


def passed_second_factor(request: HttpRequest) -> bool:
    """Whether this session has passed a second factor for the logged-in user.

    allauth records each authentication step in the session (password, mfa); owning an
    authenticator is not enough: a session that logged in before it was enrolled, or by
    any other way round the MFA stage, has only a password record.
    """
    from allauth.account.authentication import get_authentication_records

    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def record_enrolment_as_second_factor(request: HttpRequest | None, user: object, **kwargs: object) -> None:
    """Activating TOTP means typing a valid code from the new authenticator: count it.

    Connected to allauth's `authenticator_added` (CoreConfig.ready), so a member of staff
    who has just enrolled goes on to the admin without being asked for a second code.
    """
    from allauth.account.internal.flows.login import record_authentication
    from allauth.mfa.models import Authenticator

    authenticator = kwargs.get("authenticator")
    if request is None or not isinstance(authenticator, Authenticator):
        return
    if authenticator.type != Authenticator.Type.TOTP or request.user.pk != authenticator.user_id:
        return
    record_authentication(
        request, request.user, "mfa", id=authenticator.pk, type=authenticator.type, enrolled=True
    )


def _with_next(url_name: str, request: HttpRequest) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse(url_name) + "?" + urlencode({"next": request.get_full_path()}))


def _completes_a_login(request: HttpRequest) -> bool:
    """allauth's own pages (log in and out, the code prompt, enrolment, re-authentication):
    the way to a second factor, so never behind it."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return str(getattr(match.func, "__module__", "")).startswith("allauth.")


class StaffMFAMiddleware:
    """Every account that can enter the admin passes a second factor before anything it is
    logged in for.

    Without an authenticator it is sent to enrol one (allauth's TOTP activation, then
    recovery codes); with one, but a session that has not used it, to allauth's MFA
    re-authentication. This holds on every path, not only under /admin/: pages and documents
    restricted to staff groups, what a superuser may open anywhere, and any staff view added
    outside the admin later are behind the same gate without anyone remembering to add it.
    Only allauth's own pages stay open, to get through the gate (or log out).
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # No session cookie, nobody logged in: the session is not even read (no Vary: Cookie).
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            user = getattr(request, "user", None)
            if (
                user is not None
                and can_enter_admin(user)
                and not passed_second_factor(request)
                and not _completes_a_login(request)
            ):
                if not has_totp(user):
                    return _with_next("mfa_activate_totp", request)
                return _with_next("mfa_reauthenticate", request)
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
