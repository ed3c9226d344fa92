"""One-click unsubscribe from a campaign's updates (RFC 8058): the change and the page.

The link and its token are chorus.supporters.unsubscribe. A mail program POSTs
`List-Unsubscribe=One-Click` to the link with no cookies and no CSRF token: the signed token in
the URL is what authenticates it, so the POST is exempt from CSRF checks (and only it: nothing
else is done by that view). A GET never unsubscribes (link scanners follow links); it shows a
button that POSTs.

Unsubscribing also deletes that subscriber's update mails about the campaign still waiting
in the outbox (queued, not yet being sent), in the same transaction.
"""

from __future__ import annotations

from typing import Literal

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from wagtail.models import Locale, Page

from chorus.delivery.services import cancel_queued_notifications
from chorus.supporters.models import UpdateSubscription
from chorus.supporters.services import end_subscription
from chorus.supporters.unsubscribe import (
    UPDATE_MAIL_PREFIX,
    BadToken,
    find_subscription,
    read_unsubscribe_token,
)

# --- the change -------------------------------------------------------------------------------


def unsubscribe(token: str) -> bool:
    """Delete the subscription a valid token names, withdraw its consent and cancel its
    update mails not sent yet.

    Returns False when it is gone already (unsubscribed before, or deleted with the rest of
    the supporter's data): asking twice is not an error. Raises BadToken for a bad token.
    """
    subscription_id, binding = read_unsubscribe_token(token)
    with transaction.atomic():
        subscription = find_subscription(subscription_id, binding, lock=True)
        if subscription is None:
            return False
        cancel_update_mails(subscription)
        end_subscription(subscription)
    return True


def cancel_update_mails(subscription: UpdateSubscription) -> int:
    """Delete the subscriber's update mails about this campaign that no worker has taken yet.

    An update mail carries the subscriber and the action they subscribed with, whose page is
    the subscription's page. A mail already being sent (or sent) stays as it is.
    """
    return cancel_queued_notifications(
        supporter_id=subscription.supporter_id, page_id=subscription.page_id, key_prefix=UPDATE_MAIL_PREFIX
    )


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
        request, "privacy/unsubscribe.html", {"state": state, "campaign": campaign}, status=status
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
    subscription = find_subscription(subscription_id, binding)
    if subscription is None:
        return _page(request, "already")
    return _page(request, "ask", _campaign_title(subscription.page_id))
