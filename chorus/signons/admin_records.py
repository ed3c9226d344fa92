"""Delivery records in the admin: a snippet ("Delivery records" in the menu).

Saving a record — new, edited or copied — publishes it (`records.publish`) in the same
transaction as the save: its announcements become newsflashes on the campaign's pages and,
when asked, the update is mailed to signers. What could not be done is said in a warning.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.models import CopyViewMixin
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, EditView, SnippetViewSet

from . import records
from .models import DeliveryRecord

# URL patterns under /admin/signons/ (namespace "signons_admin"): none, the snippet has its own.
urls: list[Any] = []


def menu_items() -> list[MenuItem]:
    """Items this module adds to the Wagtail admin menu: none, the viewset adds its own."""
    return []


class PublishOnSaveMixin:
    """Publish the record inside the save's transaction; report the outcome as messages."""

    publish_result: records.PublishResult | None = None
    publish_error: str = ""

    def save_instance(self) -> DeliveryRecord:
        instance: DeliveryRecord = super().save_instance()  # type: ignore[misc]
        try:
            self.publish_result = records.publish(instance, by=self.request.user)  # type: ignore[attr-defined]
        except records.PublishError as error:
            self.publish_error = error.message
        return instance

    def save_action(self) -> HttpResponse:
        response: HttpResponse = super().save_action()  # type: ignore[misc]
        request = self.request  # type: ignore[attr-defined]
        if self.publish_error:
            messages.error(request, self.publish_error)
        result = self.publish_result
        if result is not None:
            for warning in result.warnings():
                messages.warning(request, warning)
            if result.created or result.updated:
                messages.success(
                    request,
                    _("Newsflash published in %(languages)s.")
                    % {"languages": records.language_list(result.created + result.updated)},
                )
            if result.mailing:
                messages.success(request, _("The update is being mailed to signers who asked for updates."))
        return response


class DeliveryRecordCreateView(PublishOnSaveMixin, CreateView):
    pass


class DeliveryRecordCopyView(CopyViewMixin, DeliveryRecordCreateView):
    def get_object(self, queryset: Any = None) -> DeliveryRecord:
        # A copy starts unticked: the original's signers were mailed once already.
        record: DeliveryRecord = super().get_object(queryset)
        record.mail_signers = False
        return record


class DeliveryRecordEditView(PublishOnSaveMixin, EditView):
    pass


class DeliveryRecordViewSet(SnippetViewSet):
    model = DeliveryRecord
    icon = "mail"
    menu_label = gettext_lazy("Delivery records")
    menu_name = "delivery-records"
    menu_order = 255
    add_to_admin_menu = True
    add_view_class = DeliveryRecordCreateView
    edit_view_class = DeliveryRecordEditView
    copy_view_class = DeliveryRecordCopyView
    list_display = ["__str__", "delivered_at", "place", "published_at", "mailed_at"]
    ordering = ["-delivered_at"]


def register() -> None:
    """Register the delivery record snippet (called from wagtail_hooks)."""
    register_snippet(DeliveryRecordViewSet)
