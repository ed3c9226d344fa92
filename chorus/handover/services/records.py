"""State changes of delivery records: publishing their announcements as newsflashes (the
mailing to signers is mailing.py, the public list ../deliveries.py).

`publish` runs after staff save a record (admin_records.py). Each announcement becomes a
newsflash on the campaign's translation in its language, published as a new revision of that
page; editing the record later edits the same newsflash. If asked, signers who confirmed and
opted into updates get the announcement by mail once, in their language — queued by a task in
batches after the record's transaction commits, so a long list never holds up the request.

`retract` takes the newsflashes down again when staff delete the record, and cancels its
update mails not sent yet.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from chorus.campaigns.models import CampaignPage
from chorus.core.audit import staff
from chorus.core.errors import UserFacingError
from chorus.core.tasks import enqueue_on_commit
from chorus.news import services as news
from chorus.news.models import Newsflash

# tasks.py imports this module too; its attributes are only read when a task is enqueued.
from .. import tasks
from ..deliveries import campaign_translations
from ..models import DeliveryAnnouncement, DeliveryRecord
from . import mailing

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

_NEWSFLASH_NAMESPACE = uuid.UUID("6f1d3c2e-8a47-4b8e-9d0c-2f5a7e1b9c40")

# Audit log action types (registered in ../wagtail_hooks.py), beside Wagtail's own
# create/edit/delete entries of the snippet.
RECORD_PUBLISH = "chorus.delivery_record_publish"
RECORD_RETRACT = "chorus.delivery_record_retract"


class PublishError(UserFacingError):
    """A translation of the campaign page could not be published."""


class RetractNotAllowed(UserFacingError):
    """The record has a newsflash on a translation the user may not publish."""

    def __init__(self, languages: Iterable[str]) -> None:
        super().__init__(
            _(
                "You may not publish the campaign page in %(languages)s, so this delivery record "
                "cannot be deleted: its newsflash there would stay online. Ask an editor to delete it."
            )
            % {"languages": language_list(languages)}
        )


@dataclass
class PublishResult:
    created: list[str] = field(default_factory=list)  # languages whose newsflash is new
    updated: list[str] = field(default_factory=list)  # languages whose newsflash changed
    removed: list[str] = field(default_factory=list)  # languages whose announcement was deleted
    untranslated: list[str] = field(default_factory=list)  # no live translation in that language
    not_allowed: list[str] = field(default_factory=list)  # the user may not publish that page
    mailing: bool = False  # the mail to signers has been handed to the task
    mail_not_allowed: bool = False  # asked to mail signers by someone who may not publish

    def warnings(self) -> list[str]:
        """Messages for the staff member who saved the record."""
        messages = []
        if self.untranslated:
            messages.append(
                _(
                    "The campaign has no published page in %(languages)s, so the announcement in "
                    "that language is not shown anywhere yet. Translate and publish the campaign "
                    "page, then save this record again."
                )
                % {"languages": language_list(self.untranslated)}
            )
        if self.not_allowed:
            messages.append(
                _("You may not publish the campaign page in %(languages)s, so its newsflash was not changed.")
                % {"languages": language_list(self.not_allowed)}
            )
        if self.mail_not_allowed:
            messages.append(
                _(
                    "Only someone who may publish the campaign page can mail its signers: "
                    "nothing was mailed. Ask an editor to save this record."
                )
            )
        return messages


def language_list(codes: Iterable[str]) -> str:
    names = dict(settings.LANGUAGES)
    return ", ".join(str(names.get(code, code)) for code in codes)


def newsflash_html(text: str) -> str:
    """Plain text as rich text: blank lines separate paragraphs, other line breaks stay."""
    paragraphs = [part.strip() for part in text.replace("\r\n", "\n").split("\n\n")]
    return "".join(
        "<p>" + "<br/>".join(escape(line) for line in part.split("\n")) + "</p>"
        for part in paragraphs
        if part
    )


def newsflash_key(record: DeliveryRecord) -> uuid.UUID:
    """The translation key the record's newsflashes share across languages (stable per record)."""
    return uuid.uuid5(_NEWSFLASH_NAMESPACE, f"{record.pk}:{record.created_at.isoformat()}")


# --- publishing ------------------------------------------------------------------------------


def publish(record: DeliveryRecord, *, by: AbstractBaseUser | AnonymousUser | None = None) -> PublishResult:
    """Put the record's announcements on the campaign pages and, if asked, mail signers.

    In one transaction: a newsflash per announcement whose language has a live translation of
    the campaign (created once, then kept in step with the announcement's text; removed when
    the announcement is), each change published as a new revision of that page; then the
    mailing is handed to a task after commit. Safe to call again: nothing changes twice.
    """
    result = PublishResult()
    with transaction.atomic():
        record = DeliveryRecord.objects.select_for_update().select_related("campaign").get(pk=record.pk)
        pages = campaign_translations(record.campaign)
        key = newsflash_key(record)
        announcements = list(DeliveryAnnouncement.objects.filter(record=record).order_by("sort_order", "pk"))
        written = {announcement.language for announcement in announcements}
        for announcement in announcements:
            page = pages.get(announcement.language)
            if page is None:
                result.untranslated.append(announcement.language)
            elif not _may_publish(page, by):
                result.not_allowed.append(announcement.language)
            else:
                _sync_newsflash(announcement, page, key, record, by, result)
        for language, page in pages.items():
            if language not in written and _may_publish(page, by):
                _remove_newsflash(page, key, by, result, language)
        if record.published_at is None:
            DeliveryRecord.objects.filter(pk=record.pk).update(published_at=timezone.now())
        # Mailing every subscriber is publishing too: only someone who may publish the campaign.
        may_mail = _may_publish(record.campaign, by)
        if record.mail_signers and record.mailed_at is None and announcements and not may_mail:
            result.mail_not_allowed = True
        if record.mail_signers and record.mailed_at is None and announcements and may_mail:
            if record.mailing_started_at is None:  # fixes who gets it, and lets the sweep resume it
                DeliveryRecord.objects.filter(pk=record.pk).update(mailing_started_at=timezone.now())
            record_id = record.pk
            enqueue_on_commit(tasks.mail_signers_task, record_id, 0, robust=True)
            result.mailing = True
        if result.created or result.updated or result.removed or result.mailing:
            _log(record, RECORD_PUBLISH, by, result)
    return result


def _log(record: DeliveryRecord, action_type: str, by: Any, result: PublishResult, **data: Any) -> None:
    """An audit entry on the record: which languages' newsflashes changed, whether mail went out."""
    changes = {
        "created": list(result.created),
        "updated": list(result.updated),
        "removed": list(result.removed),
        "mailing": result.mailing,
    }
    log(record, action_type, user=staff(by), data={"campaign": record.campaign_id, **changes, **data})


def _may_publish(page: CampaignPage, by: Any) -> bool:
    if by is None:  # the system itself (the demo, a command)
        return True
    return bool(page.permissions_for_user(by).can_publish())


def _sync_newsflash(
    announcement: DeliveryAnnouncement,
    page: CampaignPage,
    key: uuid.UUID,
    record: DeliveryRecord,
    by: Any,
    result: PublishResult,
) -> None:
    newsflash, change = news.put_newsflash(page, key, newsflash_html(announcement.text))
    if change:
        (result.created if change == "created" else result.updated).append(announcement.language)
    if announcement.newsflash_id != newsflash.pk or change:
        DeliveryAnnouncement.objects.filter(pk=announcement.pk).update(newsflash=newsflash)
    if change:
        _publish_page(page, by, keep=newsflash, drop=None)


def _remove_newsflash(
    page: CampaignPage, key: uuid.UUID, by: Any, result: PublishResult, language: str
) -> None:
    newsflash_id = news.delete_newsflash(page, key)
    if newsflash_id is not None:
        result.removed.append(language)
        _publish_page(page, by, keep=None, drop=newsflash_id)


def _publish_page(page: CampaignPage, by: Any, *, keep: Newsflash | None, drop: int | None) -> None:
    """Publish the page as it is live now (its newsflash rows already changed in the database).

    Newsflashes are children saved with each revision: a revision made from the live rows
    carries the newsflash with its id, so later edits in the page editor keep it. A draft
    waiting to be published gets the same change in a new draft revision; otherwise
    publishing that draft would take the newsflash away again.
    """
    live = CampaignPage.objects.get(pk=page.pk).specific  # a revision holds the kind's fields too
    draft = live.get_latest_revision_as_object() if live.has_unpublished_changes else None
    user = by if getattr(by, "is_authenticated", False) else None
    try:
        if live.live:  # an unpublished page (retract) stays unpublished: only its draft changes
            live.save_revision(user=user, log_action=True).publish(user=user)
        if draft is not None:
            changed_id = keep.pk if keep is not None else drop
            children = [child for child in draft.newsflashes.all() if child.pk != changed_id]
            if keep is not None:
                children.append(Newsflash.objects.get(pk=keep.pk))
            draft.newsflashes = children  # modelcluster accepts a list
            draft.save_revision(user=user, log_action=True)
    except ValidationError as error:  # a page that does not validate any more: say which, roll back
        raise PublishError(
            _("The campaign page “%(title)s” could not be published: %(error)s")
            % {"title": page.title, "error": " ".join(error.messages)}
        ) from error


# --- retracting ------------------------------------------------------------------------------


def _newsflash_pages(record: DeliveryRecord) -> dict[str, CampaignPage]:
    """The pages, live or not, that hold one of the record's newsflashes, by language code."""
    holding = Newsflash.objects.filter(translation_key=newsflash_key(record)).values("page_id")
    pages = CampaignPage.objects.filter(pk__in=holding).select_related("locale")
    return {page.locale.language_code: page for page in pages}


def newsflash_languages(record: DeliveryRecord) -> list[str]:
    """Languages in which the record has a newsflash on a page (what deleting it takes down)."""
    return sorted(_newsflash_pages(record))


def retract_blockers(record: DeliveryRecord, by: Any) -> list[str]:
    """Languages whose page holds a newsflash of the record that `by` may not publish."""
    return sorted(
        language for language, page in _newsflash_pages(record).items() if not _may_publish(page, by)
    )


def retract(record: DeliveryRecord, *, by: AbstractBaseUser | AnonymousUser | None = None) -> PublishResult:
    """Take the record's newsflashes off the campaign pages, before the record is deleted."""
    return retract_all([record], by=by)


def retract_all(
    chosen: Iterable[DeliveryRecord], *, by: AbstractBaseUser | AnonymousUser | None = None
) -> PublishResult:
    """Retract several records in one transaction: all of them, or (on an error) none.

    Each newsflash is deleted and its page published as a new revision (a waiting draft gets
    the same change; an unpublished page only a new draft), and the record's update mails not
    sent yet are deleted from the outbox. Raises RetractNotAllowed, changing nothing, when
    `by` may not publish one of those pages; PublishError when a page does not validate.
    Run it in the transaction that deletes the records.
    """
    result = PublishResult()
    with transaction.atomic():
        locked = DeliveryRecord.objects.select_for_update(of=("self",)).select_related("campaign")
        for record in locked.filter(pk__in=[record.pk for record in chosen]).order_by("pk"):
            pages = _newsflash_pages(record)
            refused = sorted(language for language, page in pages.items() if not _may_publish(page, by))
            if refused:
                raise RetractNotAllowed(refused)
            key = newsflash_key(record)
            removed = PublishResult()
            for language, page in sorted(pages.items()):
                _remove_newsflash(page, key, by, removed, language)
            cancelled = mailing.cancel_mail(record)
            _log(record, RECORD_RETRACT, by, removed, mails_cancelled=cancelled)
            result.removed.extend(removed.removed)
    return result
