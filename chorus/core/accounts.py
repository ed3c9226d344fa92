"""How people get accounts: staff create them; there is no public sign-up."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class ClosedSignupAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False


def display_name(user: object) -> str:
    """The name shown in the header: the user's full name, else their email address."""
    full = getattr(user, "get_full_name", lambda: "")()
    return full or getattr(user, "email", "") or getattr(user, "get_username", lambda: "")()
