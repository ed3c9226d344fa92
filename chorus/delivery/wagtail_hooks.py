from django.conf import settings
from django.http import HttpRequest
from django.urls import URLPattern, URLResolver, include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from chorus.core.roles import READ_DEV_MAILBOX

from . import admin_views

admin_urls = (
    [
        path("", admin_views.mailbox_index, name="mailbox"),
        path("<str:name>/", admin_views.mailbox_message, name="mailbox_message"),
    ],
    "delivery_admin",
)


@hooks.register("register_admin_urls")
def register_admin_urls() -> list[URLPattern | URLResolver]:
    # Always routed (the URLconf is built once); the views answer 404 unless the mailbox is on.
    return [path("dev-mailbox/", include(admin_urls))]


class DevMailboxMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return bool(getattr(settings, "CHORUS_DEV_MAILBOX", False)) and request.user.has_perm(
            READ_DEV_MAILBOX
        )


@hooks.register("register_admin_menu_item")
def register_dev_mailbox_menu_item() -> MenuItem:
    return DevMailboxMenuItem(
        _("Development mailbox"), reverse("delivery_admin:mailbox"), icon_name="mail", order=9500
    )
