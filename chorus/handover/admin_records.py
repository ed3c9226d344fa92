"""Delivery records in the admin: a snippet ("Delivery records" in the menu).

Saving a record — new, edited or copied — publishes it (`records.publish`) in the same
transaction as the save: its announcements become newsflashes on the campaign's pages and,
when asked, the update is mailed to signers. What could not be done is said in a warning.

Deleting a record — alone or several at once — first takes its newsflashes down
(`records.retract`), in the transaction of the delete. Someone who may not publish one of the
pages holding them is refused before anything changes (`refuse_delete`, both views).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.admin.views.bulk_action import BulkAction
from wagtail.admin.views.generic.models import CopyViewMixin
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, DeleteView, EditView, SnippetViewSet

from chorus.core.errors import UserFacingError

from .models import DeliveryRecord, caption_lines
from .services import records

# URL patterns under /admin/handover/ (namespace "handover_admin"): none, the snippet has its own.
urls: list[Any] = []


def menu_items() -> list[MenuItem]:
    """Items this module adds to the Wagtail admin menu: none, the viewset adds its own."""
    return []


class DeliveryRecordForm(WagtailAdminModelForm):
    """Refuses an announcement with more caption lines than the record has photos (a line
    would caption nothing, or the lines are in the wrong order), naming the numbers."""

    def is_valid(self) -> bool:
        # The formsets are cleaned after the form's own clean(), so this is the first place
        # where both the photos and the announcements are known.
        if not super().is_valid():
            return False
        photos = [
            form
            for form in self.formsets["photos"].forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        valid = True
        for form in self.formsets["announcements"].forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            lines = caption_lines(form.cleaned_data.get("captions") or "")
            if len(lines) > len(photos):
                form.add_error(
                    "captions",
                    _("There are %(lines)s caption lines but %(photos)s photos: write one line per photo.")
                    % {"lines": len(lines), "photos": len(photos)},
                )
                valid = False
        return valid


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


def _index_url() -> str:
    return reverse(DeliveryRecord.snippet_viewset.get_url_name("list"))


def _report_retract(request: HttpRequest, result: records.PublishResult) -> None:
    if result.removed:
        messages.success(
            request,
            _("Newsflash taken down in %(languages)s.")
            % {"languages": records.language_list(sorted(set(result.removed)))},
        )


class DeliveryRecordDeleteView(DeleteView):
    """Delete a record after taking its newsflashes down, in one transaction."""

    @property
    def confirmation_message(self) -> str:
        message = str(super().confirmation_message)
        languages = records.newsflash_languages(self.object)
        if languages:
            message += " " + _(
                "Its newsflash will be taken off the campaign page in %(languages)s, and each of "
                "those pages published again."
            ) % {"languages": records.language_list(languages)}
        if self.object.mailing_started_at is not None:
            message += " " + _("Update mails to signers not sent yet will not be sent.")
        return message

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            with transaction.atomic():
                result = records.retract(self.object, by=self.request.user)
                response: HttpResponse = super().form_valid(form)
        except UserFacingError as error:
            messages.error(self.request, error.message)
            return redirect(_index_url())
        _report_retract(self.request, result)
        return response


def refuse_delete(request: HttpRequest, instances: list[Any]) -> HttpResponse | None:
    """`before_delete_snippet`: refuse, before anything changes, to delete records whose
    newsflash sits on a page the user may not publish (it would stay online)."""
    chosen = [instance for instance in instances if isinstance(instance, DeliveryRecord)]
    blocked = sorted(
        {language for record in chosen for language in records.retract_blockers(record, request.user)}
    )
    if not blocked:
        return None
    messages.error(request, records.RetractNotAllowed(blocked).message)
    return redirect(_index_url())


def retract_before_bulk_delete(
    request: HttpRequest, action_type: str, objects: list[Any], action: BulkAction
) -> HttpResponse | None:
    """`before_bulk_action`: runs in the bulk delete's transaction, so the records and their
    newsflashes go together or not at all."""
    if action_type != "delete" or action.model is not DeliveryRecord:
        return None
    try:
        result = records.retract_all(objects, by=request.user)
    except UserFacingError as error:
        messages.error(request, error.message)
        return redirect(_index_url())
    _report_retract(request, result)
    return None


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
    delete_view_class = DeliveryRecordDeleteView
    list_display = ["__str__", "delivered_at", "place", "published_at", "mailed_at"]
    edit_handler = ObjectList(DeliveryRecord.panels, base_form_class=DeliveryRecordForm)
    ordering = ["-delivered_at", "-pk"]


def register() -> None:
    """Register the delivery record snippet (called from wagtail_hooks)."""
    register_snippet(DeliveryRecordViewSet)
