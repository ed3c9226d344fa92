"""One-click unsubscribe (RFC 8058) from a campaign's update mails."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core import signing
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext

from chorus.actions.models import Action
from chorus.actions.services import (
    ConsentGiven,
    Submission,
    confirm_action,
    new_submission_key,
    record_action,
)
from chorus.actions.tokens import confirm_token
from chorus.campaigns.models import CampaignPage
from chorus.handover.models import DeliveryAnnouncement, DeliveryRecord
from chorus.handover.services import records
from chorus.privacy import unsubscribe as unsubscribing
from chorus.supporters import unsubscribe as links
from chorus.supporters.models import Consent, UpdateSubscription
from tests.delivery.smtp import SMTPServer

pytestmark = pytest.mark.django_db

THAI_UPDATE = "เราได้ยื่นรายชื่อผู้ลงชื่อทั้งหมดให้สถานทูตแล้ว ขอบคุณทุกคน"


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[SMTPServer]:
    """A real SMTP server (aiosmtpd) on a free port; Django's default mailer points at it."""
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    server = SMTPServer()
    server.start()
    settings.MAILERS = server.mailer_settings
    yield server
    server.stop()


def subscribe(campaign: CampaignPage, email: str, language: str) -> UpdateSubscription:
    """A confirmed petition signer who asked for updates, through the real engine."""
    outcome = record_action(
        Submission(
            page_id=campaign.action_page_id,
            kind=Action.Kind.PETITION,
            language=language,
            submission_key=new_submission_key(),
            details={"email": email},
            email=email,
            consents=[
                ConsentGiven(Consent.Purpose.ACTION, "test-1"),
                ConsentGiven(Consent.Purpose.UPDATES, "test-1"),
            ],
            subscribe_updates=True,
        )
    )
    confirm_action(confirm_token(outcome.action))
    return UpdateSubscription.objects.get(consent__action=outcome.action)


def in_language(language: str, message: str) -> str:
    with translation.override(language):
        return gettext(message)


def heading(response: Any) -> str:
    return BeautifulSoup(response.content.decode(), "html.parser").h1.get_text(strip=True)


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def test_the_update_mail_offers_one_click_unsubscribe_that_works_without_cookies(
    campaign: CampaignPage, org_key: Any, smtp_server: SMTPServer, django_capture_on_commit_callbacks: Any
) -> None:
    subscription = subscribe(campaign, "malee@example.org", "th")
    record = DeliveryRecord(
        campaign=campaign,
        delivered_at=timezone.now() - timedelta(days=1),
        place="Royal Thai Embassy, Canberra",
        delivered_by="Riverlight Collective",
        delivered_to="The Deputy Head of Mission",
        mail_signers=True,
    )
    record.announcements = [DeliveryAnnouncement(language="th", text=THAI_UPDATE)]
    record.save()

    with django_capture_on_commit_callbacks(execute=True):
        records.publish(record)

    (delivered,) = smtp_server.handler.delivered
    message = delivered.message
    assert delivered.rcpt_tos == ["malee@example.org"]
    header = str(message["List-Unsubscribe"])
    assert header.startswith("<http") and header.endswith(">")
    url = header[1:-1]
    assert urlsplit(url).scheme in {"http", "https"}
    assert urlsplit(url).path == "/th/my-data/unsubscribe/"
    assert str(message["List-Unsubscribe-Post"]) == "List-Unsubscribe=One-Click"
    body = message.get_content()
    assert THAI_UPDATE in body and url in body

    # What a mail program does (RFC 8058): a POST with no cookies and no CSRF token.
    mail_program = Client(enforce_csrf_checks=True)
    assert not mail_program.cookies
    response = mail_program.post(
        path_of(url), "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 200
    assert heading(response) == in_language("th", "You are unsubscribed")
    assert not UpdateSubscription.objects.filter(pk=subscription.pk).exists()
    assert Consent.objects.get(pk=subscription.consent_id).withdrawn_at is not None

    again = Client(enforce_csrf_checks=True).post(
        path_of(url), "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert again.status_code == 200
    assert heading(again) == in_language("th", "You are already unsubscribed")


def test_a_get_shows_a_button_in_the_subscribers_language_and_changes_nothing(
    campaign: CampaignPage, org_key: Any
) -> None:
    subscription = subscribe(campaign, "jihyun@example.org", "ko")
    url = links.unsubscribe_url(subscription)

    response = Client().get(path_of(url))

    assert response.status_code == 200
    assert response["Referrer-Policy"] == "same-origin"
    page = BeautifulSoup(response.content.decode(), "html.parser")
    assert page.html["lang"] == "ko"
    form = page.select_one("main form[method=post]")
    assert form is not None and form.select_one("button[type=submit]") is not None
    korean_title = CampaignPage.objects.get(
        translation_key=campaign.translation_key, locale__language_code="ko"
    )
    assert korean_title.title in page.get_text()
    assert UpdateSubscription.objects.filter(pk=subscription.pk).exists()

    # The button posts the form (a browser with its cookies): that unsubscribes.
    pressed = Client(enforce_csrf_checks=True).post(path_of(url), {"List-Unsubscribe": "One-Click"})
    assert pressed.status_code == 200
    assert not UpdateSubscription.objects.filter(pk=subscription.pk).exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_bad_or_expired_token_gets_a_clear_message_and_changes_nothing(
    campaign: CampaignPage, org_key: Any, monkeypatch: Any, method: str
) -> None:
    subscription = subscribe(campaign, "wang@example.org", "zh-hans")
    url = path_of(links.unsubscribe_url(subscription))
    invalid = in_language("zh-hans", "This link does not work")

    tampered = getattr(Client(enforce_csrf_checks=True), method)(url[:-3] + "abc")
    assert tampered.status_code == 400
    assert heading(tampered) == invalid
    missing = getattr(Client(enforce_csrf_checks=True), method)("/zh-hans/my-data/unsubscribe/")
    assert missing.status_code == 400

    monkeypatch.setattr(links, "UNSUBSCRIBE_DAYS", -1)
    expired = getattr(Client(enforce_csrf_checks=True), method)(url)
    assert expired.status_code == 400
    assert heading(expired) == invalid
    assert UpdateSubscription.objects.filter(pk=subscription.pk).exists()


def test_a_token_does_not_name_a_later_subscription_with_the_same_id(
    campaign: CampaignPage, org_key: Any
) -> None:
    subscription = subscribe(campaign, "somchai@example.org", "th")
    other = subscribe(campaign, "dara@example.org", "km")
    # The token an earlier row with other's id would have had: same id, another supporter.
    token = signing.dumps(
        {"u": other.pk, "b": subscription.supporter.blind_index[:12]}, salt=links._SALT, compress=True
    )

    assert unsubscribing.unsubscribe(token) is False
    assert UpdateSubscription.objects.filter(pk=other.pk).exists()
