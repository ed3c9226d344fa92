"""Mailing a delivery record's announcement to signers who confirmed and opted into updates:
once each, in their language, queued by tasks in batches of MAIL_BATCH after the record's
transaction commits. `resume_lost_mailings` (scheduler) finishes a mailing whose chain of batch
tasks was lost, e.g. with a worker killed between two batches.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from chorus.actions.models import Action
from chorus.campaigns.models import CampaignPage
from chorus.core.crypto import keyed_hash, server_decrypt
from chorus.core.urls import public_url
from chorus.delivery.models import Outbox
from chorus.delivery.services import Mail, cancel_queued, queue_mail
from chorus.supporters.models import Consent, UpdateSubscription
from chorus.supporters.unsubscribe import UPDATE_MAIL_PREFIX, unsubscribe_headers, unsubscribe_url

# tasks.py imports this module too; its attributes are only read when a task is enqueued.
from .. import tasks
from ..deliveries import campaign_translations
from ..models import DeliveryAnnouncement, DeliveryRecord

# Update mails queued per task run; the next batch is another task.
MAIL_BATCH = 200
# A mailing not finished this long after it started has lost its chain of tasks: the scheduler
# starts it again (every mail is queued under its idempotency key, so nobody gets it twice).
LOST_MAILING_AFTER = timedelta(minutes=15)


def cancel_mail(record: DeliveryRecord) -> int:
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
        announcements = list(DeliveryAnnouncement.objects.filter(record=record).order_by("sort_order", "pk"))
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
        tasks.mail_signers_task.enqueue(record_id, 0)
    return len(record_ids)
