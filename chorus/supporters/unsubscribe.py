"""One-click unsubscribe from a campaign's updates (RFC 8058): the link, the change, the page.

Every update mail carries `List-Unsubscribe: <URL>` and `List-Unsubscribe-Post:
List-Unsubscribe=One-Click`. A mail program then POSTs `List-Unsubscribe=One-Click` to the URL
with no cookies and no CSRF token: the signed token in the URL is what authenticates it, so
the POST is exempt from CSRF checks (and only it: nothing else is done by that view). A GET
never unsubscribes (link scanners follow links); it shows a button that POSTs.

The token names the subscription row and a few characters of its supporter's blind index,
so it cannot name a later row that happens to reuse the id. It travels in the query string,
which the access log leaves out (see chorus/gunicorn_conf.py), under the subscriber's own
language prefix, so every page it leads to is in their language.

Unsubscribing also deletes that subscriber's update mails about the campaign still waiting
in the outbox (queued, not yet being sent), in the same transaction.
"""

from __future__ import annotations

from typing import Literal
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from wagtail.models import Locale, Page

from chorus.core.urls import public_url
from chorus.delivery.models import Outbox

from .models import Consent, UpdateSubscription

# Long enough for any update mail to still work; the subscription itself goes when its
# retention ends, and then the link says so.
UNSUBSCRIBE_DAYS = 2 * 365
_SALT = "chorus.supporters.unsubscribe"
_BINDING_CHARS = 12
# Idempotency keys of update mails (chorus.signons.records) start with this.
UPDATE_MAIL_PREFIX = "update-"

# --- the signed link --------------------------------------------------------------------------


def unsubscribe_token(subscription: UpdateSubscription) -> str:
    binding = subscription.supporter.blind_index[:_BINDING_CHARS]
    return signing.dumps({"u": subscription.pk, "b": binding}, salt=_SALT, compress=True)


def unsubscribe_url(subscription: UpdateSubscription) -> str:
    """The absolute one-click link, under the subscriber's language prefix."""
    with translation.override(subscription.language):
        path = reverse("supporters:unsubscribe")
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


def _subscription(subscription_id: int, binding: str, *, lock: bool = False) -> UpdateSubscription | None:
    rows = UpdateSubscription.objects.select_related("supporter").filter(pk=subscription_id)
    if lock:
        rows = rows.select_for_update()
    found = rows.first()
    if found is None or found.supporter.blind_index[:_BINDING_CHARS] != binding:
        return None
    return found


# --- the change -------------------------------------------------------------------------------


def unsubscribe(token: str) -> bool:
    """Delete the subscription a valid token names, withdraw its consent and cancel its
    update mails not sent yet.

    Returns False when it is gone already (unsubscribed before, or deleted with the rest of
    the supporter's data): asking twice is not an error. Raises BadToken for a bad token.
    """
    subscription_id, binding = read_unsubscribe_token(token)
    with transaction.atomic():
        subscription = _subscription(subscription_id, binding, lock=True)
        if subscription is None:
            return False
        Consent.objects.filter(pk=subscription.consent_id, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now()
        )
        cancel_update_mails(subscription)
        subscription.delete()
    return True


def cancel_update_mails(subscription: UpdateSubscription) -> int:
    """Delete the subscriber's update mails about this campaign that no worker has taken yet.

    An update mail carries the subscriber and the action they subscribed with, whose page is
    the subscription's page. A mail already being sent (or sent) stays as it is.
    """
    waiting = Outbox.objects.filter(
        kind=Outbox.Kind.NOTIFICATION,
        state=Outbox.State.QUEUED,
        supporter_id=subscription.supporter_id,
        action__page_id=subscription.page_id,
        idempotency_key__startswith=UPDATE_MAIL_PREFIX,
    )
    return int(waiting.delete()[0])


# --- the page ---------------------------------------------------------------------------------

State = Literal["ask", "done", "already", "invalid"]


def _campaign_title(page_id: int) -> str:
    """The campaign's title in the reader's language when it is translated, else the original's."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    original = Page.objects.filter(pk=page_id).first()
    if original is None:
        return ""
    locale = Locale.objects.filter(language_code=language).first()
    translated = original.get_translation_or_none(locale) if locale is not None else None
    page = translated if translated is not None and translated.live else original
    return page.title


def _page(request: HttpRequest, state: State, campaign: str = "") -> HttpResponse:
    status = 400 if state == "invalid" else 200
    response = render(
        request, "supporters/unsubscribe.html", {"state": state, "campaign": campaign}, status=status
    )
    # The URL carries the token: never send it on to another site (same-origin keeps the Referer
    # off cross-site requests; no-referrer would make the browser post with `Origin: null`), never
    # index it.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@csrf_exempt  # authenticated by the signed token; RFC 8058 POSTs come without cookies
@require_http_methods(["GET", "POST"])
def unsubscribe_view(request: HttpRequest) -> HttpResponse:
    """GET asks (a button); POST — from the button or a mail program's one-click — unsubscribes."""
    token = request.GET.get("token", "")
    if request.method == "POST":
        try:
            removed = unsubscribe(token)
        except BadToken:
            return _page(request, "invalid")
        return _page(request, "done" if removed else "already")
    try:
        subscription_id, binding = read_unsubscribe_token(token)
    except BadToken:
        return _page(request, "invalid")
    subscription = _subscription(subscription_id, binding)
    if subscription is None:
        return _page(request, "already")
    return _page(request, "ask", _campaign_title(subscription.page_id))
