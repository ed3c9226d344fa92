"""Delivery records: publishing their announcements as newsflashes, mailing opted-in signers,
and the public list on the campaign page.

`publish` runs after staff save a record (admin_records.py). Each announcement becomes a
newsflash on the campaign's translation in its language, published as a new revision of that
page; editing the record later edits the same newsflash. If asked, signers who confirmed and
opted into updates get the announcement by mail once, in their language — queued by a task in
batches after the record's transaction commits, so a long list never holds up the request.

`retract` takes the newsflashes down again when staff delete the record, and cancels its
update mails not sent yet. `resume_lost_mailings` (scheduler) finishes a mailing whose chain of
batch tasks was lost, e.g. with a worker killed between two batches.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.tasks import task
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from wagtail.images import get_image_model

from chorus.actions.models import Action
from chorus.campaigns.models import CampaignPage
from chorus.core.crypto import keyed_hash, server_decrypt
from chorus.core.errors import UserFacingError
from chorus.core.urls import public_url
from chorus.delivery.models import Outbox
from chorus.delivery.services import Mail, cancel_queued, queue_mail
from chorus.news.models import Newsflash
from chorus.supporters.models import Consent, UpdateSubscription
from chorus.supporters.unsubscribe import UPDATE_MAIL_PREFIX, unsubscribe_headers, unsubscribe_url

from .models import DeliveryAnnouncement, DeliveryPhoto, DeliveryRecord, caption_lines

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

# Renditions the public section shows: the gallery picture and the larger one it links to.
PHOTO_SPEC = "fill-600x400"
LARGE_SPEC = "width-1600"
# Update mails queued per task run; the next batch is another task.
MAIL_BATCH = 200
# A mailing not finished this long after it started has lost its chain of tasks: the scheduler
# starts it again (every mail is queued under its idempotency key, so nobody gets it twice).
LOST_MAILING_AFTER = timedelta(minutes=15)

_NEWSFLASH_NAMESPACE = uuid.UUID("6f1d3c2e-8a47-4b8e-9d0c-2f5a7e1b9c40")


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


def campaign_translations(campaign: CampaignPage) -> dict[str, CampaignPage]:
    """The live translations of a campaign, by language code."""
    pages = CampaignPage.objects.filter(translation_key=campaign.translation_key, live=True).select_related(
        "locale"
    )
    return {page.locale.language_code: page for page in pages}


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
        announcements = list(DeliveryAnnouncement.objects.filter(record=record).order_by("sort_order"))
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
            transaction.on_commit(lambda: mail_signers_task.enqueue(record_id, 0), robust=True)
            result.mailing = True
    return result


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
    html = newsflash_html(announcement.text)
    newsflash = Newsflash.objects.filter(page_id=page.pk, translation_key=key).first()
    if newsflash is None:
        newsflash = Newsflash.objects.create(
            page=page, locale_id=page.locale_id, translation_key=key, text=html, posted_at=timezone.now()
        )
        result.created.append(announcement.language)
    elif newsflash.text != html:
        Newsflash.objects.filter(pk=newsflash.pk).update(text=html)
        newsflash.text = html
        result.updated.append(announcement.language)
    else:
        if announcement.newsflash_id != newsflash.pk:
            DeliveryAnnouncement.objects.filter(pk=announcement.pk).update(newsflash=newsflash)
        return
    DeliveryAnnouncement.objects.filter(pk=announcement.pk).update(newsflash=newsflash)
    _publish_page(page, by, keep=newsflash, drop=None)


def _remove_newsflash(
    page: CampaignPage, key: uuid.UUID, by: Any, result: PublishResult, language: str
) -> None:
    newsflash = Newsflash.objects.filter(page_id=page.pk, translation_key=key).first()
    if newsflash is None:
        return
    newsflash_id = newsflash.pk
    newsflash.delete()
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
            for language, page in sorted(pages.items()):
                _remove_newsflash(page, key, by, result, language)
            _cancel_mail(record)
    return result


def _cancel_mail(record: DeliveryRecord) -> int:
    """Delete the record's update mails still waiting in the outbox; returns how many."""
    if record.mailing_started_at is None:
        return 0
    subscriptions = (
        UpdateSubscription.objects.filter(page_id=record.campaign.action_page_id)
        .order_by()
        .values_list("pk", flat=True)
        .iterator(chunk_size=MAIL_BATCH)
    )
    deleted = 0
    for chunk in _chunks(
        (_mail_key(record, subscription_id) for subscription_id in subscriptions), MAIL_BATCH
    ):
        deleted += cancel_queued(chunk)
    return deleted


def _chunks(items: Iterable[str], size: int) -> Iterator[list[str]]:
    chunk: list[str] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# --- mailing signers -------------------------------------------------------------------------


def _eligible(record: DeliveryRecord) -> Any:
    """Subscriptions to updates whose consent stands and whose action was confirmed, made
    before the mailing started (so a re-run of the mailing reaches the same people)."""
    return UpdateSubscription.objects.filter(
        page_id=record.campaign.action_page_id,
        created_at__lte=record.mailing_started_at,
        retain_until__gt=timezone.now(),
        consent__purpose=Consent.Purpose.UPDATES,
        consent__withdrawn_at__isnull=True,
        consent__action__state=Action.State.CONFIRMED,
    )


def _mail_key(record: DeliveryRecord, subscription_id: int) -> str:
    # Becomes the Message-ID, which mail providers see: no row ids in it, yet the same for a
    # re-run of the task, so nobody gets the update twice. The prefix lets unsubscribing
    # find the update mails still waiting for that subscriber.
    stamp = record.created_at.isoformat()
    return UPDATE_MAIL_PREFIX + keyed_hash("delivery-update", f"{record.pk}:{stamp}:{subscription_id}")[:40]


def _update_mail(
    record: DeliveryRecord,
    subscription: UpdateSubscription,
    texts: dict[str, str],
    fallback: str,
    pages: dict[str, CampaignPage],
    original: CampaignPage,
) -> Mail:
    language = subscription.language
    text = texts.get(language, fallback)
    page = pages.get(language, original)
    url = public_url(page)
    with translation.override(language):
        body = _(
            "%(update)s\n\n"
            "%(campaign)s: %(url)s\n\n"
            "You get this mail because you asked for updates about this campaign when you took part. "
            "To stop them, open this link:\n%(unsubscribe)s"
        ) % {"update": text, "campaign": page.title, "url": url, "unsubscribe": unsubscribe_url(subscription)}
        subject = _("News from the campaign “%(campaign)s”") % {"campaign": page.title}
    return Mail(
        to=str(server_decrypt(bytes(subscription.encrypted_address))["email"]),
        subject=subject,
        body=body,
        headers=unsubscribe_headers(subscription),
    )


def mail_signers_batch(record_id: int, after: int = 0) -> int | None:
    """Queue the update for the next batch of subscribers after subscription id `after`.

    Returns the id to continue after, or None when every subscriber has had it (the record is
    then marked mailed). Each batch is one transaction; the mail's idempotency key makes a
    re-run harmless. The record and the batch's subscriptions are locked until it commits, so
    a record deleted or a subscriber unsubscribing meanwhile waits, then finds (and deletes)
    the mail this batch queued.
    """
    with transaction.atomic():
        record = (
            DeliveryRecord.objects.select_for_update(of=("self",))
            .select_related("campaign")
            .filter(pk=record_id)
            .first()
        )
        if (
            record is None
            or record.mailed_at is not None
            or not record.mail_signers
            or record.mailing_started_at is None  # never handed over by someone who may publish
        ):
            return None
        announcements = list(DeliveryAnnouncement.objects.filter(record=record).order_by("sort_order"))
        if not announcements:
            return None
        texts = {announcement.language: announcement.text for announcement in announcements}
        original = CampaignPage.objects.select_related("locale").get(pk=record.campaign.action_page_id)
        fallback = texts.get(original.locale.language_code, announcements[0].text)
        pages = campaign_translations(record.campaign)
        batch = list(
            _eligible(record)
            .filter(pk__gt=after)
            .select_related("supporter", "consent__action")
            .select_for_update(of=("self",))
            .order_by("pk")[:MAIL_BATCH]
        )
        for subscription in batch:
            queue_mail(
                kind=Outbox.Kind.NOTIFICATION,
                mail=_update_mail(record, subscription, texts, fallback, pages, original),
                idempotency_key=_mail_key(record, subscription.pk),
                action=subscription.consent.action,
                supporter=subscription.supporter,
            )
        if len(batch) == MAIL_BATCH:
            return batch[-1].pk
        DeliveryRecord.objects.filter(pk=record.pk, mailed_at__isnull=True).update(mailed_at=timezone.now())
        return None


@task()
def mail_signers_task(record_id: int, after: int) -> int:
    """Queue one batch of update mails, then enqueue the next batch; returns the batch's end."""
    next_after = mail_signers_batch(record_id, after)
    if next_after is not None:
        transaction.on_commit(lambda: mail_signers_task.enqueue(record_id, next_after), robust=True)
        return next_after
    return 0


def resume_lost_mailings() -> int:
    """Start again every mailing left unfinished for LOST_MAILING_AFTER; returns how many.

    Safe to run at any time: a batch queues each mail under its idempotency key (a mail
    queued before is found, not queued again) and only to subscriptions made before the
    mailing started, so a mailing that was merely slow costs some work and sends nothing twice.
    """
    lost = (
        DeliveryRecord.objects.filter(
            mail_signers=True,
            mailed_at__isnull=True,
            mailing_started_at__lte=timezone.now() - LOST_MAILING_AFTER,
            announcements__isnull=False,
        )
        .distinct()
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    record_ids = list(lost)
    for record_id in record_ids:
        mail_signers_task.enqueue(record_id, 0)
    return len(record_ids)


# --- the public section ----------------------------------------------------------------------


@dataclass(frozen=True)
class ShownPhoto:
    photo: DeliveryPhoto
    caption: str
    is_fallback: bool  # the record's own caption, not one written in the reader's language


@dataclass(frozen=True)
class ShownDelivery:
    """A delivery record as a reader of one language sees it: the facts and captions of the
    announcement in that language where written, the record's own wording otherwise."""

    record: DeliveryRecord
    place: str
    delivered_by: str
    delivered_to: str
    photos: list[ShownPhoto]
    fallback_facts: frozenset[str]  # the facts shown in the record's own wording

    @property
    def delivered_at(self) -> Any:
        return self.record.delivered_at


def shown_in(record: DeliveryRecord, language: str) -> ShownDelivery:
    """`record` in `language`, from its prefetched announcements and photos."""
    announcement = next((a for a in record.announcements.all() if a.language == language), None)
    # The record's own wording is taken to be in the default language.
    foreign = language != settings.LANGUAGE_CODE
    facts: dict[str, str] = {}
    fallback = set()
    for name in ["place", "delivered_by", "delivered_to"]:
        own = (getattr(announcement, name, "") or "").strip()
        facts[name] = own or getattr(record, name)
        if foreign and not own:
            fallback.add(name)
    lines = caption_lines(announcement.captions) if announcement is not None else []
    photos = []
    for index, photo in enumerate(record.photos.all()):
        own = lines[index] if index < len(lines) else ""
        photos.append(
            ShownPhoto(photo, own or photo.caption, is_fallback=foreign and not own and bool(photo.caption))
        )
    return ShownDelivery(record=record, photos=photos, fallback_facts=frozenset(fallback), **facts)


def public_records(page: CampaignPage) -> list[ShownDelivery]:
    """The campaign's delivery records in the page's language, newest first, with photos.

    Five queries whatever the number of records and photos: records, announcements, photos,
    images, renditions.
    """
    language = page.locale.language_code
    images = get_image_model().objects.prefetch_renditions(PHOTO_SPEC, LARGE_SPEC)
    photos = DeliveryPhoto.objects.order_by("sort_order").prefetch_related(Prefetch("image", queryset=images))
    records = (
        DeliveryRecord.objects.filter(campaign__translation_key=page.translation_key)
        .order_by("-delivered_at", "-pk")
        .prefetch_related(
            Prefetch("announcements", queryset=DeliveryAnnouncement.objects.filter(language=language)),
            Prefetch("photos", queryset=photos),
        )
    )
    return [shown_in(record, language) for record in records]


def public_context(page: CampaignPage) -> dict[str, Any]:
    return {
        "delivery_records": public_records(page),
        # The record's own wording is the default language's, marked as such on other pages.
        "delivery_fallback_language": settings.LANGUAGE_CODE,
    }
