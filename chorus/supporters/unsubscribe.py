"""The signed one-click unsubscribe link of an update subscription (RFC 8058).

Every update mail carries `List-Unsubscribe: <URL>` and `List-Unsubscribe-Post:
List-Unsubscribe=One-Click` (`unsubscribe_headers`). The token names the subscription row and a
few characters of its supporter's blind index, so it cannot name a later row that happens to
reuse the id. It travels in the query string, which the access log leaves out (see
chorus/gunicorn_conf.py), under the subscriber's own language prefix, so every page it leads
to is in their language. The page and the change are chorus.privacy.unsubscribe.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.core import signing
from django.urls import reverse
from django.utils import translation

from chorus.core.urls import public_url

from .models import UpdateSubscription

# Long enough for any update mail to still work; the subscription itself goes when its
# retention ends, and then the link says so.
UNSUBSCRIBE_DAYS = 2 * 365
# Named as when it was first used: changing it would break the links in mails already sent.
_SALT = "chorus.supporters.unsubscribe"
_BINDING_CHARS = 12
# Idempotency keys of update mails (chorus.handover.records) start with this.
UPDATE_MAIL_PREFIX = "update-"

# --- the signed link --------------------------------------------------------------------------


def unsubscribe_token(subscription: UpdateSubscription) -> str:
    binding = subscription.supporter.blind_index[:_BINDING_CHARS]
    return signing.dumps({"u": subscription.pk, "b": binding}, salt=_SALT, compress=True)


def unsubscribe_url(subscription: UpdateSubscription) -> str:
    """The absolute one-click link, under the subscriber's language prefix."""
    with translation.override(subscription.language):
        path = reverse("privacy:unsubscribe")
    query = urlencode({"token": unsubscribe_token(subscription)})
    return public_url(f"{path}?{query}")


def unsubscribe_headers(subscription: UpdateSubscription) -> dict[str, str]:
    """The RFC 2369 / RFC 8058 headers of an update mail."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(subscription)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


class BadToken(Exception):
    """The token was not made by us, was changed, or has expired."""


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """(subscription id, blind-index binding) of a valid token; raises BadToken otherwise."""
    try:
        value = signing.loads(token, salt=_SALT, max_age=UNSUBSCRIBE_DAYS * 24 * 3600)
    except signing.BadSignature as error:  # includes SignatureExpired
        raise BadToken from error
    if (
        not isinstance(value, dict)
        or not isinstance(value.get("u"), int)
        or not isinstance(value.get("b"), str)
    ):
        raise BadToken
    return value["u"], value["b"]


def find_subscription(subscription_id: int, binding: str, *, lock: bool = False) -> UpdateSubscription | None:
    """The subscription a token's id and binding name (locked with `lock`), or None when gone."""
    rows = UpdateSubscription.objects.select_related("supporter").filter(pk=subscription_id)
    if lock:
        rows = rows.select_for_update()
    found = rows.first()
    if found is None or found.supporter.blind_index[:_BINDING_CHARS] != binding:
        return None
    return found
