"""How people get accounts (staff create them; there is no public sign-up) and log in."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest

from chorus.core import login_limits


def _login(credentials: dict[str, Any]) -> str:
    return str(credentials.get("email") or credentials.get("username") or "")


class ClosedSignupAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def get_client_ip(self, request: HttpRequest) -> str:
        """What allauth's per-client rate limits count by: a keyed hash, never the address."""
        return login_limits.client_key(request)

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        login_limits.check_account(request, _login(credentials))
        super().pre_authenticate(request, **credentials)

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        login_limits.record_failure(request, _login(credentials))
        super().authentication_failed(request, **credentials)


def display_name(user: object) -> str:
    """The name shown in the header: the user's full name, else their email address."""
    full = getattr(user, "get_full_name", lambda: "")()
    return full or getattr(user, "email", "") or getattr(user, "get_username", lambda: "")()
