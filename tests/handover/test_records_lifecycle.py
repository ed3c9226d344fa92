# Fixtures imported from other test modules are parameters here, which pyflakes calls redefinitions.
# ruff: noqa: F811
"""Delivery records after publishing: deleting one takes its newsflashes down, unsubscribing
cancels update mail not sent yet, and the scheduler finishes a mailing whose worker died."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission, Page

from chorus.campaigns.models import CampaignPage
from chorus.delivery.models import Outbox
from chorus.delivery.tasks import send_outbox_message
from chorus.handover import tasks
from chorus.handover.models import DeliveryRecord
from chorus.handover.services import mailing, records
from chorus.handover.tasks import resume_lost_mailings_task
from chorus.news.models import Newsflash
from chorus.supporters.models import UpdateSubscription
from chorus.supporters.unsubscribe import unsubscribe_url
from tests.delivery.conftest import smtp_server  # noqa: F401 - the real SMTP server fixture
from tests.delivery.smtp import SMTPServer
from tests.handover.test_delivery_record import (  # noqa: F401 - fixtures
    EN,
    TH,
    ZH,
    joint_letter,
    make_record,
    newsflash_texts,
    signer,
    staff_client,
    translation,
)
from tests.mfa import log_in_with_totp

pytestmark = pytest.mark.django_db

DELETE_NOTE = "Its newsflash will be taken off the campaign page"


def published(record: DeliveryRecord) -> DeliveryRecord:
    records.publish(record)
    record.refresh_from_db()
    return record


def delete_url(record: DeliveryRecord) -> str:
    return reverse("wagtailsnippets_handover_deliveryrecord:delete", args=[record.pk])


def bulk_delete_url(*chosen: DeliveryRecord) -> str:
    path = reverse("wagtail_bulk_action", args=["handover", "deliveryrecord", "delete"])
    index = reverse("wagtailsnippets_handover_deliveryrecord:list")
    return path + "?" + urlencode([("next", index), *[("id", record.pk) for record in chosen]])


def shown_messages(response: Any) -> str:
    return " ".join(str(message) for message in response.context["messages"])


def delivered_to(server: SMTPServer) -> list[str]:
    return sorted(address for delivered in server.handler.delivered for address in delivered.rcpt_tos)


def run_worker(outbox_ids: list[int]) -> None:
    """What the worker does with the send tasks the mailing enqueued."""
    for outbox_id in outbox_ids:
        send_outbox_message.enqueue(outbox_id)


def queued_update_ids() -> list[int]:
    return list(
        Outbox.objects.filter(kind=Outbox.Kind.NOTIFICATION, idempotency_key__startswith="update-")
        .order_by("pk")
        .values_list("pk", flat=True)
    )


# --- deleting a record ----------------------------------------------------------------------


def test_deleting_a_record_in_the_admin_takes_its_newsflashes_down(
    staff_client: Client, joint_letter: CampaignPage
) -> None:
    record = published(make_record(joint_letter, {"en": EN, "th": TH, "zh-hans": ZH}))
    kept = published(make_record(joint_letter, {"th": "ยังอยู่"}))
    thai = translation(joint_letter, "th")
    thai.summary = "ร่างที่ยังไม่เผยแพร่"
    thai.save_revision()  # a draft waiting to be published
    revisions = thai.revisions.count()

    confirm = staff_client.get(delete_url(record))
    assert confirm.status_code == 200
    assert DELETE_NOTE in confirm.content.decode()

    response = staff_client.post(delete_url(record), follow=True)

    assert response.status_code == 200
    assert not DeliveryRecord.objects.filter(pk=record.pk).exists()
    assert "Newsflash taken down in" in shown_messages(response)
    assert newsflash_texts(joint_letter) == []
    assert newsflash_texts(translation(joint_letter, "zh-hans")) == []
    assert newsflash_texts(translation(joint_letter, "th")) == ["ยังอยู่"]
    assert not Newsflash.objects.filter(translation_key=records.newsflash_key(record)).exists()
    # Published as a new revision; the draft lost the newsflash too and was not published.
    thai = translation(joint_letter, "th")
    assert thai.revisions.count() == revisions + 2
    assert thai.summary == ""
    draft = thai.get_latest_revision_as_object()
    assert draft.summary == "ร่างที่ยังไม่เผยแพร่"
    assert [flash.text for flash in draft.newsflashes.all()] == ["<p>ยังอยู่</p>"]
    thai.get_latest_revision().publish()  # publishing the draft later does not bring it back
    assert newsflash_texts(translation(joint_letter, "th")) == ["ยังอยู่"]
    assert DeliveryRecord.objects.filter(pk=kept.pk).exists()


def test_bulk_delete_takes_every_records_newsflashes_down(
    staff_client: Client, joint_letter: CampaignPage
) -> None:
    first = published(make_record(joint_letter, {"en": EN, "th": TH}))
    second = published(make_record(joint_letter, {"zh-hans": ZH}))

    response = staff_client.post(bulk_delete_url(first, second), follow=True)

    assert response.status_code == 200
    assert not DeliveryRecord.objects.filter(pk__in=[first.pk, second.pk]).exists()
    for language in ("en", "th", "zh-hans"):
        assert newsflash_texts(translation(joint_letter, language)) == []


def test_an_unpublished_translation_loses_the_newsflash_and_stays_unpublished(
    joint_letter: CampaignPage,
) -> None:
    record = published(make_record(joint_letter, {"en": EN, "th": TH}))
    translation(joint_letter, "th").unpublish()

    result = records.retract(record)

    assert sorted(result.removed) == ["en", "th"]
    thai = translation(joint_letter, "th")
    assert not thai.live
    assert list(thai.get_latest_revision_as_object().newsflashes.all()) == []
    assert not Newsflash.objects.filter(translation_key=records.newsflash_key(record)).exists()


@pytest.fixture
def records_clerk(joint_letter: CampaignPage) -> Client:
    """Staff who may delete delivery records and edit pages, but not publish any."""
    clerk = get_user_model().objects.create_user(
        username="clerk", email="clerk@example.org", password="x", is_staff=True
    )
    group = Group.objects.create(name="Records clerks")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(codename__endswith="_deliveryrecord"),
    )
    GroupPagePermission.objects.create(group=group, page=Page.get_first_root_node(), permission_type="change")
    clerk.groups.add(group)
    client = log_in_with_totp(Client(), clerk)
    return client


def test_someone_who_may_not_publish_a_translation_is_refused_and_nothing_changes(
    records_clerk: Client, joint_letter: CampaignPage
) -> None:
    record = published(make_record(joint_letter, {"th": TH}))
    refused = records.RetractNotAllowed(["th"]).message

    for response in (
        records_clerk.get(delete_url(record), follow=True),
        records_clerk.post(delete_url(record), follow=True),
        records_clerk.post(bulk_delete_url(record), follow=True),
    ):
        assert response.status_code == 200
        assert refused in shown_messages(response)

    assert DeliveryRecord.objects.filter(pk=record.pk).exists()
    assert newsflash_texts(translation(joint_letter, "th")) == [TH]
    with pytest.raises(records.RetractNotAllowed):
        records.retract(record, by=get_user_model().objects.get(username="clerk"))
    assert newsflash_texts(translation(joint_letter, "th")) == [TH]


def test_deleting_a_record_cancels_its_update_mails_not_sent_yet(
    staff_client: Client,
    joint_letter: CampaignPage,
    org_key: Any,
    smtp_server: SMTPServer,
    django_capture_on_commit_callbacks: Any,
) -> None:
    signer(joint_letter, "somchai@example.org", "th")
    record = make_record(joint_letter, {"th": TH}, mail_signers=True)
    with django_capture_on_commit_callbacks():  # the worker has not run yet
        records.publish(record)
    mailing.mail_signers_batch(record.pk)
    waiting = queued_update_ids()
    assert len(waiting) == 1

    confirm = staff_client.get(delete_url(record))
    assert "Update mails to signers not sent yet will not be sent." in confirm.content.decode()
    assert queued_update_ids() == waiting  # looking at the page changes nothing
    staff_client.post(delete_url(record))
    run_worker(waiting)

    assert queued_update_ids() == []
    assert delivered_to(smtp_server) == []


# --- unsubscribing --------------------------------------------------------------------------


def one_click(url: str) -> Any:
    parts = urlsplit(url)
    return Client(enforce_csrf_checks=True).post(
        f"{parts.path}?{parts.query}",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )


def test_unsubscribing_cancels_the_update_mail_the_worker_has_not_sent(
    joint_letter: CampaignPage,
    campaign: CampaignPage,
    org_key: Any,
    smtp_server: SMTPServer,
    django_capture_on_commit_callbacks: Any,
) -> None:
    signer(joint_letter, "somchai@example.org", "th")
    leaving = signer(joint_letter, "wang@example.org", "zh-hans")
    # wang also follows another campaign, whose update must still reach them.
    other = signer(campaign, "wang@example.org", "zh-hans")
    record = make_record(joint_letter, {"th": TH, "zh-hans": ZH}, mail_signers=True)
    other_record = make_record(campaign, {"en": EN}, mail_signers=True)
    with django_capture_on_commit_callbacks():  # the mailings are handed over, nothing sent
        records.publish(record)
        records.publish(other_record)
    mailing.mail_signers_batch(record.pk)
    mailing.mail_signers_batch(other_record.pk)
    waiting = queued_update_ids()
    assert len(waiting) == 3
    assert other.supporter_id == leaving.supporter_id

    subscription = UpdateSubscription.objects.get(consent__action=leaving)
    response = one_click(unsubscribe_url(subscription))
    assert response.status_code == 200
    run_worker(waiting)

    assert delivered_to(smtp_server) == ["somchai@example.org", "wang@example.org"]
    wang = next(d for d in smtp_server.handler.delivered if d.rcpt_tos == ["wang@example.org"])
    assert EN in wang.message.get_content().replace("\r\n", "\n")
    assert Outbox.objects.filter(pk__in=waiting).count() == 2
    assert set(Outbox.objects.filter(pk__in=waiting).values_list("state", flat=True)) == {"sent"}


def test_the_one_click_headers_reach_the_mail_server_as_plain_ascii(
    joint_letter: CampaignPage,
    org_key: Any,
    smtp_server: SMTPServer,
    django_capture_on_commit_callbacks: Any,
    settings: Any,
) -> None:
    """RFC 8058: mail programs offer one-click unsubscribe only when `List-Unsubscribe` is the
    plain `<https://...>` on the wire. The signed link is longer than a mail line, and the email
    package folded it into RFC 2047 encoded words (`=?utf-8?q?=3Chttps...`), which they ignore."""
    settings.CHORUS_BASE_URL = "https://campaigns.riverlight.example"
    subscription = UpdateSubscription.objects.get(
        consent__action=signer(joint_letter, "somchai@example.org", "th")
    )
    record = make_record(joint_letter, {"th": TH}, mail_signers=True)
    with django_capture_on_commit_callbacks():
        records.publish(record)
    mailing.mail_signers_batch(record.pk)
    run_worker(queued_update_ids())

    (delivered,) = smtp_server.handler.delivered
    url = unsubscribe_url(subscription)
    assert url.startswith("https://") and len(url) > 78  # longer than a folded line
    headers = delivered.raw.split(b"\r\n\r\n", 1)[0]
    assert f"\r\nList-Unsubscribe: <{url}>\r\n".encode() in headers
    assert b"\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n" in headers
    # The whole header, continuation lines included, is that one line: not folded, not encoded.
    (field,) = re.findall(rb"\r\nList-Unsubscribe:(.*?)\r\n(?![ \t])", headers, re.DOTALL)
    assert field == f" <{url}>".encode()
    # What the mail program parses is the link itself.
    assert delivered.message["List-Unsubscribe"] == f"<{url}>"


def test_unsubscribing_leaves_a_mail_that_is_being_sent(
    joint_letter: CampaignPage, org_key: Any, django_capture_on_commit_callbacks: Any
) -> None:
    action = signer(joint_letter, "dara@example.org", "km")
    record = make_record(joint_letter, {"en": EN}, mail_signers=True)
    with django_capture_on_commit_callbacks():
        records.publish(record)
    mailing.mail_signers_batch(record.pk)
    Outbox.objects.filter(pk__in=queued_update_ids()).update(
        state=Outbox.State.SENDING, claimed_until=timezone.now() + timedelta(minutes=2)
    )

    one_click(unsubscribe_url(UpdateSubscription.objects.get(consent__action=action)))

    assert list(Outbox.objects.values_list("state", flat=True).filter(kind="notification")) == ["sending"]


# --- the lost mailing -----------------------------------------------------------------------


def test_the_scheduler_finishes_a_half_mailed_record_and_nobody_gets_it_twice(
    joint_letter: CampaignPage,
    org_key: Any,
    smtp_server: SMTPServer,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: Any,
) -> None:
    monkeypatch.setattr(mailing, "MAIL_BATCH", 2)
    everyone = [f"signer{number}@example.org" for number in range(5)]
    for address in everyone:
        signer(joint_letter, address, "en")
    UpdateSubscription.objects.update(created_at=F("created_at") - timedelta(hours=1))
    record = make_record(joint_letter, {"en": EN}, mail_signers=True)
    with django_capture_on_commit_callbacks():
        records.publish(record)
    # The worker queues and sends the first batch, then dies before the next one.
    assert mailing.mail_signers_batch(record.pk) is not None
    run_worker(queued_update_ids())
    assert len(smtp_server.handler.delivered) == 2
    # Someone who asks for updates after the mailing started is not part of it.
    signer(joint_letter, "late@example.org", "en")

    assert mailing.resume_lost_mailings() == 0  # not lost yet: it may still be running
    DeliveryRecord.objects.filter(pk=record.pk).update(
        mailing_started_at=F("mailing_started_at") - timedelta(minutes=16)
    )
    with django_capture_on_commit_callbacks(execute=True):
        resume_lost_mailings_task.enqueue()

    assert delivered_to(smtp_server) == everyone
    record.refresh_from_db()
    assert record.mailed_at is not None
    assert mailing.resume_lost_mailings() == 0
    with django_capture_on_commit_callbacks(execute=True):  # a stray re-run sends nothing more
        tasks.mail_signers_task.enqueue(record.pk, 0)
    assert delivered_to(smtp_server) == everyone


def test_a_mailing_refused_for_lack_of_permission_is_never_resumed(
    joint_letter: CampaignPage,
    org_key: Any,
    demo_accounts: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    signer(joint_letter, "somchai@example.org", "th")
    record = make_record(joint_letter, {"th": TH}, mail_signers=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert records.publish(record, by=demo_accounts["member"]).mail_not_allowed
    DeliveryRecord.objects.filter(pk=record.pk).update(published_at=timezone.now() - timedelta(hours=1))

    with django_capture_on_commit_callbacks(execute=True):
        assert mailing.resume_lost_mailings() == 0
        tasks.mail_signers_task.enqueue(record.pk, 0)

    assert not Outbox.objects.filter(kind=Outbox.Kind.NOTIFICATION).exists()


def test_the_scheduler_runs_the_sweep() -> None:
    from chorus.core.scheduler import SCHEDULE

    assert "chorus.handover.tasks.resume_lost_mailings_task" in {job.task for job in SCHEDULE}


def test_the_delete_page_says_nothing_about_newsflashes_when_there_are_none(
    staff_client: Client, joint_letter: CampaignPage
) -> None:
    record = make_record(joint_letter, {"ko": "없음"})  # no Korean page: no newsflash anywhere
    published(record)

    page = BeautifulSoup(staff_client.get(delete_url(record)).content.decode(), "html.parser")

    assert DELETE_NOTE not in page.get_text()
