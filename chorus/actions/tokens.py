"""Signed, expiring tokens for confirmation links. They carry an action id and nothing else."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core import signing
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode

from chorus.core.urls import public_url

if TYPE_CHECKING:
    from .models import Action

CONFIRM_DAYS = 7
_CONFIRM_SALT = "chorus.actions.confirm"


def confirm_token(action: Action) -> str:
    return signing.dumps(action.pk, salt=_CONFIRM_SALT, compress=True)


def read_confirm_token(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=_CONFIRM_SALT, max_age=CONFIRM_DAYS * 24 * 3600)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    return value if isinstance(value, int) else None


def confirm_url(action: Action) -> str:
    with translation.override(action.language):
        path = reverse("actions:confirm")
    return public_url(path + "?" + urlencode({"token": confirm_token(action)}))
