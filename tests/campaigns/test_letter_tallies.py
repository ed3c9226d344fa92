"""Letters counted per target and way: downloaded, opened in the supporter's mail program,
sent for them, failed — and the results table that shows them beside the letters we hold."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from chorus.actions.models import Action
from chorus.actions.tokens import confirm_token
from chorus.letters.models import LetterDispatch, LetterTally, QueuedLetter, Target
from chorus.letters.results import results_tables
from chorus.letters.services import send_letter_digests
from chorus.letters.tokens import mailed_token
from tests.delivery.smtp import REJECT_RCPT

from .conftest import target, translation_of
from .helpers import downloads, soup, write

pytestmark = pytest.mark.django_db

Channel = LetterTally.Channel


def tallies(page_id: int) -> dict[tuple[str, str], int]:
    return {
        (row.target.email.split("@")[0], row.channel): row.n
        for row in LetterTally.objects.filter(page_id=page_id).select_related("target")
    }


def table_row(page_id: int, target_name: str) -> list[Any]:
    (table,) = results_tables(page_id)
    return next(list(row) for row in table.rows if row[0] == target_name)


def test_each_download_and_each_mail_program_opening_counts_for_its_target(
    client: Client, letter_campaign: Any, org_key: Any
) -> None:
    response = write(client, letter_campaign, "send", language="th")
    forms = downloads(response)
    assert len(forms) == 4
    first = forms[0]
    assert client.post(first["action"], {"token": first["token"], "format": "pdf"}).status_code == 200
    assert client.post(first["action"], {"token": first["token"], "format": "docx"}).status_code == 200
    assert client.post(forms[1]["action"], {"token": forms[1]["token"], "format": "pdf"}).status_code == 200
    # A forged token downloads nothing and counts nothing.
    assert (
        client.post(first["action"], {"token": first["token"][:-4] + "AAAA", "format": "pdf"}).status_code
        == 400
    )

    links = soup(response).select("a.mail-link")
    assert len(links) == 4
    link = links[0]
    assert (
        client.post(str(link["data-count-url"]), {"token": str(link["data-count-token"])}).status_code == 204
    )
    # Forged, another campaign's, or a GET: nothing counted.
    assert client.post(str(link["data-count-url"]), {"token": "forged"}).status_code == 400
    other = mailed_token(page_id=letter_campaign.pk + 999, target_id=Target.objects.first().pk)
    assert client.post(str(link["data-count-url"]), {"token": other}).status_code == 400
    assert client.get(str(link["data-count-url"])).status_code == 302

    counted = tallies(letter_campaign.pk)
    assert sorted(counted.values()) == [1, 1, 2]
    assert sorted(channel for _target, channel in counted) == ["downloaded", "downloaded", "mailed"]
    # The Thai page's counts land on the campaign (the original page every language records against).
    assert translation_of(letter_campaign, "th").pk != letter_campaign.pk
    assert LetterTally.objects.filter(page_id=letter_campaign.pk).count() == 3


def test_letters_we_send_count_as_sent_or_failed_when_their_mail_ends(
    client: Client,
    letter_campaign: Any,
    org_key: Any,
    smtp_server: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    ambassador = target("ambassador")
    with django_capture_on_commit_callbacks(execute=True):
        write(
            client,
            letter_campaign,
            "send",
            language="th",
            email="tally.s@example.org",
            consent="on",
            send_for_me="on",
        )
    action = Action.objects.get()
    assert table_row(letter_campaign.pk, str(ambassador))[3] == 1  # waiting for confirmation

    smtp_server.handler.mode = REJECT_RCPT  # every target's server refuses: failed for good
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/th/confirm/?token={confirm_token(action)}").status_code == 200
    counted = tallies(letter_campaign.pk)
    # Three targets take letters one by one; the UN office waits for its daily digest.
    assert counted == {
        ("ambassador", "failed"): 1,
        ("minister", "failed"): 1,
        ("coordinator", "failed"): 1,
    }
    assert not LetterDispatch.objects.exists()
    row = table_row(letter_campaign.pk, str(ambassador))
    assert row[1:] == [0, 0, 0, 0, 0, 0, 1]
    assert QueuedLetter.objects.filter(state=QueuedLetter.State.READY).count() == 1


def test_a_daily_digest_counts_every_letter_in_it_when_it_is_sent(
    client: Client,
    letter_campaign: Any,
    org_key: Any,
    smtp_server: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    un_office = target("asiapacific")
    assert un_office.delivery == Target.Delivery.DIGEST
    for number in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            write(
                client, letter_campaign, "send", language="th",
                email=f"digest{number}@example.org", consent="on", send_for_me="on",
            )  # fmt: skip
        action = Action.objects.latest("pk")
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"/th/confirm/?token={confirm_token(action)}")
    assert table_row(letter_campaign.pk, str(un_office))[4] == 3  # in the next digest

    evening = timezone.now().replace(hour=23, minute=0) + timedelta(days=1)
    smtp_server.handler.delivered.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_letter_digests(evening) == 1
    assert [d.rcpt_tos for d in smtp_server.handler.delivered] == [[un_office.email]]
    assert tallies(letter_campaign.pk)[(un_office.email.split("@")[0], Channel.SENT)] == 3
    row = table_row(letter_campaign.pk, str(un_office))
    assert row[4:] == [0, 0, 3, 0]
    # Counted and gone; letters to the other targets may still wait for their paced slots.
    assert not LetterDispatch.objects.filter(target=un_office).exists()
