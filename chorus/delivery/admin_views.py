"""Staff views in the Wagtail admin: the development mailbox (only when CHORUS_DEV_MAILBOX is on).

The admin URL patterns already require the Wagtail "access admin" permission, and the staff
MFA middleware guards every /admin/ path, so only enrolled staff reach these views; of
them, only Administrators (`core.roles.READ_DEV_MAILBOX`): captured mail holds supporters'
addresses and confirmation links.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from chorus.core.roles import READ_DEV_MAILBOX

from . import mailbox


def _require_dev_mailbox() -> None:
    if not getattr(settings, "CHORUS_DEV_MAILBOX", False):
        raise Http404


@permission_required(READ_DEV_MAILBOX, raise_exception=True)
def mailbox_index(request: HttpRequest) -> HttpResponse:
    _require_dev_mailbox()
    return TemplateResponse(
        request,
        "delivery/admin/mailbox_index.html",
        {"mails": mailbox.list_captured(), "limit": mailbox.LIST_LIMIT, "directory": mailbox.mailbox_dir()},
    )


@permission_required(READ_DEV_MAILBOX, raise_exception=True)
def mailbox_message(request: HttpRequest, name: str) -> HttpResponse:
    _require_dev_mailbox()
    mail = mailbox.read_captured(name)
    if mail is None:
        raise Http404
    return TemplateResponse(request, "delivery/admin/mailbox_message.html", {"mail": mail})
