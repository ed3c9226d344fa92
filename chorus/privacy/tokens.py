"""Signed, expiring links to a supporter's own data ("magic links").

A token names the supporter's row and a few characters of its blind index, so a token
cannot name a later row that happened to get the same id. It expires after an hour and can
be used any number of times until then; deleting the data makes it useless.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.core import signing
from django.urls import reverse
from django.utils import translation

from chorus.core.urls import public_url
from chorus.supporters.models import Supporter

LINK_SECONDS = 3600
# Named after the app these links began in: changing it would break links already mailed.
_SALT = "chorus.supporters.my-data"
_BINDING_CHARS = 12


def data_token(supporter: Supporter) -> str:
    return signing.dumps({"s": supporter.pk, "b": supporter.blind_index[:_BINDING_CHARS]}, salt=_SALT)


def read_data_token(token: str) -> Supporter | None:
    """The supporter a valid, unexpired token names, or None."""
    try:
        value = signing.loads(token, salt=_SALT, max_age=LINK_SECONDS)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    if (
        not isinstance(value, dict)
        or not isinstance(value.get("s"), int)
        or not isinstance(value.get("b"), str)
    ):
        return None
    supporter = Supporter.objects.filter(pk=value["s"]).first()
    if supporter is None or supporter.blind_index[:_BINDING_CHARS] != value["b"]:
        return None
    return supporter


def data_url(supporter: Supporter, language: str) -> str:
    # The token travels in the query string: access logs record the path only (gunicorn_conf).
    with translation.override(language):
        path = reverse("privacy:my_data_view")
    return public_url(f"{path}?{urlencode({'token': data_token(supporter)})}")
