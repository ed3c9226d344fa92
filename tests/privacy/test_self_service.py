"""A supporter sees and deletes their own data through a link sent by mail (the HTTP flow)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core import mail, signing
from django.core.cache import cache
from django.test import Client
from nacl.public import PrivateKey
from wagtail.models import Site

from chorus.actions import counters
from chorus.actions.models import Action, ActionLog
from chorus.actions.services import ConsentGiven, Submission, record_action
from chorus.campaigns.models import CampaignPage
from chorus.delivery.models import Outbox
from chorus.privacy import services
from chorus.privacy.tokens import LINK_SECONDS
from chorus.privacy.views import RESPONSE_FLOOR_SECONDS
from chorus.supporters.models import Consent, Supporter, UpdateSubscription
from tests.helpers import answer_without_tokens

pytestmark = pytest.mark.django_db

EMAIL = "somchai.k@example.org"


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def signed(petition: CampaignPage, org_key: PrivateKey) -> Action:
    """A petition signature with an updates subscription and two consents, as the form makes it."""
    return record_action(
        Submission(
            page_id=petition.pk,
            kind="petition",
            language="th",
            submission_key="self-service",
            details={"name": "สมชาย ใจดี", "email": EMAIL},
            email=EMAIL,
            country="TH",
            consents=[
                ConsentGiven(Consent.Purpose.ACTION, "v1"),
                ConsentGiven(Consent.Purpose.UPDATES, "v1"),
            ],
            subscribe_updates=True,
        )
    ).action


def ask(client: Client, email: str, *, language: str = "en", ip: str = "198.51.100.20"):
    return client.post(f"/{language}/my-data/", {"email": email}, REMOTE_ADDR=ip)


def link_in(message: mail.EmailMessage) -> str:
    match = re.search(r"https?://\S+/my-data/view/\?token=\S+", message.body)
    assert match, message.body
    parts = urlsplit(match.group(0))
    return f"{parts.path}?{parts.query}"


def text_of(response) -> str:
    return " ".join(BeautifulSoup(response.content.decode(), "html.parser").main.get_text(" ").split())


def test_request_link_see_categories_delete_everything(
    client: Client, signed: Action, django_capture_on_commit_callbacks
) -> None:
    counts_before = counters.read(signed.page_id)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = ask(client, "Somchai.K@Example.org ")
    assert response.status_code == 302 and response["Location"] == "/en/my-data/sent/"
    # The mail went through the outbox and the send task after commit, not inline.
    assert len(callbacks) == 1
    row = Outbox.objects.get(kind=Outbox.Kind.MAGIC_LINK)
    assert row.supporter == signed.supporter and row.state == Outbox.State.SENT and row.payload is None
    (message,) = mail.outbox
    assert message.to == ["Somchai.K@Example.org"]
    # The organisation's name (the Wagtail site's), not the software's.
    site_name = Site.objects.get(is_default_site=True).site_name
    assert site_name and message.subject == f"The link to your data at {site_name}"
    assert message.from_email == f"{site_name} <no-reply@localhost>"
    link = link_in(message)

    page = client.get(link)
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "same-origin" and "no-store" in page["Cache-Control"]
    text = text_of(page)
    for category in [
        "keyed fingerprint of your email address",
        "1 action you took",
        "They belong to 1 campaign.",
        "The details you gave with 1 action",
        "1 subscription to updates",
        "taking part in this action, given on",
        "receiving updates about this campaign, given on",
        "1 mail waiting to be sent",  # the confirmation request
        "A record of 1 mail we sent",  # the link itself
    ]:
        assert category in text, category
    # An action nobody confirmed, flagged or reviewed has no history beside its own date.
    assert "history of your actions" not in text
    assert "สมชาย" not in text and EMAIL not in text.lower()  # categories, never contents

    # Following the link again (as mail scanners do) changes nothing.
    assert client.get(link).status_code == 200
    assert Supporter.objects.filter(pk=signed.supporter_id).exists()

    token = BeautifulSoup(page.content.decode(), "html.parser").find("input", {"name": "token"})["value"]
    deleted = client.post("/en/my-data/delete/", {"token": token})
    assert deleted.status_code == 302 and deleted["Location"] == "/en/my-data/deleted/"
    assert client.get(deleted["Location"]).status_code == 200

    signed.refresh_from_db()
    assert not Supporter.objects.exists()
    assert not Consent.objects.exists()
    assert not UpdateSubscription.objects.exists()
    assert not Outbox.objects.exists()
    assert not ActionLog.objects.filter(action=signed).exists()
    assert signed.supporter_id is None and signed.sealed_details is None and signed.sealed_with_id is None
    # The signature still counts, anonymously.
    assert counters.read(signed.page_id) == counts_before
    assert counters.reconcile_counts(signed.page_id) == counts_before

    gone = client.get(link)
    assert gone.status_code == 400 and "invalid or has expired" in text_of(gone)


def test_the_answer_is_the_same_whether_or_not_we_hold_data(
    signed: Action, django_capture_on_commit_callbacks
) -> None:
    answers = []
    for email in [EMAIL, "nobody-here@example.org"]:
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            # A browser of its own each time, redirects followed: everything it sees, tokens aside.
            response = Client().post(
                "/en/my-data/", {"email": email}, REMOTE_ADDR="198.51.100.30", follow=True
            )
        elapsed = time.monotonic() - started
        assert elapsed >= RESPONSE_FLOOR_SECONDS
        answers.append(answer_without_tokens(response))
    assert answers[0] == answers[1]
    assert answers[0]["redirects"] == [("/en/my-data/sent/", 302)]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [EMAIL]
    assert Outbox.objects.filter(kind=Outbox.Kind.MAGIC_LINK).count() == 1


def test_one_client_cannot_keep_asking(client: Client, signed: Action) -> None:
    _window, allowed = services.DATA_REQUEST_LIMITS[0]
    for _ in range(allowed):
        assert ask(client, "someone@example.org").status_code == 302
    for email in [EMAIL, "someone@example.org"]:  # known or not: the same refusal
        refused = ask(client, email)
        assert refused.status_code == 400
        assert "You have asked too many times" in text_of(refused)
    assert ask(client, EMAIL, ip="198.51.100.99").status_code == 302  # another client is not affected


def test_nobody_can_flood_a_supporters_mailbox(client: Client, signed: Action) -> None:
    for number in range(services.DATA_LINKS_PER_DAY + 3):
        assert ask(client, EMAIL, ip=f"203.0.113.{number}").status_code == 302
    assert Outbox.objects.filter(kind=Outbox.Kind.MAGIC_LINK).count() == services.DATA_LINKS_PER_DAY


def test_an_expired_or_forged_link_shows_a_clear_page(client: Client, signed: Action, monkeypatch) -> None:
    real_time = time.time
    monkeypatch.setattr(signing.time, "time", lambda: real_time() - LINK_SECONDS - 60)
    from chorus.privacy.tokens import data_token

    old = data_token(signed.supporter)
    monkeypatch.undo()
    for token in [old, "forged", old[:-2] + "xx"]:
        response = client.get("/en/my-data/view/", {"token": token})
        assert response.status_code == 400
        assert "invalid or has expired" in text_of(response)
        assert client.post("/en/my-data/delete/", {"token": token}).status_code == 400
    assert client.get("/en/my-data/delete/").status_code == 405  # deleting takes a POST
    assert Supporter.objects.filter(pk=signed.supporter_id).exists()


def test_bad_input_gets_a_translated_message(client: Client, db: None) -> None:
    english = ask(client, "not an address")
    assert english.status_code == 400 and "Please enter an email address" in text_of(english)
    form = client.get("/th/my-data/")
    page = BeautifulSoup(form.content.decode(), "html.parser")
    assert form.status_code == 200 and page.html["lang"] == "th"
    assert page.find("input", {"name": "email"})["type"] == "email"


def test_a_link_names_one_supporter_only(signed: Action, petition: CampaignPage, org_key: PrivateKey) -> None:
    from chorus.privacy.tokens import data_token, read_data_token

    other = Supporter.objects.create(blind_index="f" * 64)
    assert read_data_token(data_token(signed.supporter)) == signed.supporter
    assert read_data_token(data_token(other)) == other
    # A token for a row that was deleted does not open a later row that got the same id.
    token = data_token(other)
    other_pk = other.pk
    other.delete()
    Supporter.objects.create(pk=other_pk, blind_index="e" * 64)
    assert read_data_token(token) is None
