"""Send it for me: letters wait, encrypted, for the supporter's confirmation, then go to each
target through the outbox (spread out over time) or in the target's daily digest."""

from __future__ import annotations

import itertools
import re
import subprocess
import time
import zoneinfo
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone, translation

from chorus.actions import counters
from chorus.actions.forms import new_form_token
from chorus.actions.models import Action
from chorus.actions.services import confirm_action, invalidate_action, unflag_action
from chorus.actions.tokens import confirm_token
from chorus.delivery.models import Outbox
from chorus.letters.models import QueuedLetter, Target, TargetDelivery
from chorus.letters.services import expire_queued_letters, letter_mail_key, send_letter_digests
from chorus.letters.tokens import read_status_token
from chorus.privacy.services import forget_supporter

from .conftest import target
from .helpers import CITY, PERSONAL, SUPPORTER, soup, translated, write

pytestmark = pytest.mark.django_db

SEND = {"email": "malee.s@example.org", "consent": "on", "send_for_me": "on"}


def raw_table(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")
        rows = cursor.fetchall()
    return " ".join(
        bytes(value).decode("latin-1") if isinstance(value, bytes | memoryview) else str(value)
        for row in rows
        for value in row
    )


def plain_body(message: Any) -> str:
    return message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")


def confirm(client: Client, action: Action) -> None:
    response = client.post(f"/th/confirm/?token={confirm_token(action)}")
    assert response.status_code == 200


def test_letters_wait_encrypted_until_confirmed_then_arrive_one_per_target(
    client: Client, letter_campaign, org_key, smtp_server, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = write(client, letter_campaign, "send", language="th", reply_to="on", **SEND)
    assert response.status_code == 200
    statuses = [s.get_text(" ", strip=True) for s in soup(response).select(".letter-status")]
    assert len(statuses) == 4  # every target has an address to send to

    action = Action.objects.get()
    assert QueuedLetter.objects.filter(action=action, state="waiting").count() == 4
    stored = raw_table("campaigns_queuedletter")
    for secret in (SUPPORTER, CITY, PERSONAL, "malee.s@example.org"):
        assert secret not in stored  # encrypted with the server key
    # Only the confirmation went out; no letter before the supporter confirms.
    assert [d.rcpt_tos for d in smtp_server.handler.delivered] == [["malee.s@example.org"]]
    assert counters.read(letter_campaign.pk) == counters.Counts(confirmed=0, unconfirmed=1)

    with django_capture_on_commit_callbacks(execute=True):
        confirm(client, action)

    letters = smtp_server.handler.delivered[1:]
    assert sorted(r for d in letters for r in d.rcpt_tos) == [
        "ambassador@thai-embassy.example",
        "coordinator@mekong-workers.example",
        "minister@mofa-korea.example",
    ]  # the UN office takes a daily digest instead
    by_target = {d.rcpt_tos[0]: d.message for d in letters}
    thai = by_target["ambassador@thai-embassy.example"]
    assert thai["From"].addresses[0].display_name == SUPPORTER
    assert thai["From"].addresses[0].addr_spec == "hello@riverlight.example"
    assert thai["Reply-To"] == "malee.s@example.org"
    assert thai["Subject"] == "ขอให้คนทำงานที่ถูกควบคุมตัวหลังการบุกค้นได้กลับบ้านอย่างปลอดภัย"
    assert thai["Content-Language"] == "th"
    body = plain_body(thai)
    assert body.startswith("เรียน ท่านเอกอัครราชทูต\n\nข้าพเจ้าเขียนจดหมายฉบับนี้")
    assert PERSONAL in body and f"ขอแสดงความนับถือ\n{SUPPORTER}\n{CITY}" in body
    (pdf,) = thai.iter_attachments()
    assert pdf.get_content_type() == "application/pdf" and pdf.get_content().startswith(b"%PDF")
    korean = plain_body(by_target["minister@mofa-korea.example"])
    assert korean.startswith("존경하는 한승우 장관님께") and "존경을 담아" in korean
    assert len({d.message_id for d in letters}) == 3

    assert list(QueuedLetter.objects.values_list("state", flat=True)) == ["ready"]  # the digest's
    assert Outbox.objects.filter(kind="letter", state="sent").count() == 3
    assert Outbox.objects.filter(kind="letter", payload__isnull=False).count() == 0  # wiped once sent
    assert counters.read(letter_campaign.pk) == counters.Counts(confirmed=1, unconfirmed=0)


def test_without_reply_to_the_target_cannot_see_the_supporters_address(
    client: Client, letter_campaign, org_key, smtp_server, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        write(client, letter_campaign, "send", language="ko", **SEND)
        confirm(client, Action.objects.get())
    letters = smtp_server.handler.delivered[1:]
    assert sorted(r for d in letters for r in d.rcpt_tos) == [
        "ambassador@thai-embassy.example",
        "coordinator@mekong-workers.example",
        "minister@mofa-korea.example",
    ]  # the letters went (the UN office takes a digest): each is checked below
    for delivered in letters:
        assert delivered.message["Reply-To"] is None
        assert "malee.s@example.org" not in delivered.message.as_string()


def test_letters_to_one_target_are_spread_out(client: Client, letter_campaign, org_key) -> None:
    Target.objects.filter(email__startswith="minister").update(letters_per_hour=2)
    for number in range(3):
        write(
            Client(),
            letter_campaign,
            "send",
            language="ko",
            email=f"writer{number}@example.org",
            consent="on",
            send_for_me="on",
        )
    started = timezone.now()
    for action in Action.objects.order_by("pk"):
        confirm_action(confirm_token(action))
    minister = target("minister")
    keys = {letter_mail_key(pk, minister.pk) for pk in Action.objects.values_list("pk", flat=True)}
    to_minister = sorted(
        Outbox.objects.filter(idempotency_key__in=keys).values_list("next_attempt_at", flat=True)
    )
    assert len(to_minister) == 3
    assert Outbox.objects.filter(kind="letter").count() == 9  # three targets each (one takes a digest)
    assert to_minister[0] - started < timedelta(seconds=5)
    for earlier, later in itertools.pairwise(to_minister):
        assert abs((later - earlier) - timedelta(minutes=30)) < timedelta(seconds=2)
    assert TargetDelivery.objects.get(target=minister).letters_released == 3


def _write_digest_letters(letter_campaign: Any, names: list[str], capture: Any) -> list[Action]:
    """One Korean letter per name, in this order (the UN office takes them in its daily digest)."""
    for number, name in enumerate(names):
        with capture(execute=True):
            write(
                Client(),
                letter_campaign,
                "send",
                language="ko",
                name=name,
                email=f"k{number}@example.org",
                consent="on",
                send_for_me="on",
            )
    actions = list(Action.objects.order_by("pk"))
    assert len(actions) == len(names)
    return actions


def _digest_pages(smtp_server: Any, before: int) -> list[str]:
    """The pages of the one digest delivered since `before`, as text."""
    (digest,) = smtp_server.handler.delivered[before:]
    (attachment,) = digest.message.iter_attachments()
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=attachment.get_content(), capture_output=True, check=True
    )
    return [page for page in text.stdout.decode().split("\f") if page.strip()]


def test_the_daily_digest_sends_all_of_a_days_letters_as_one_pdf(
    client: Client, letter_campaign, org_key, smtp_server, settings, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TIME_ZONE = "Australia/Sydney"
    first, second = _write_digest_letters(
        letter_campaign, ["김지현", "박서연"], django_capture_on_commit_callbacks
    )
    # Written a minute apart, confirmed the other way round: the digest follows the writing.
    written = timezone.now() - timedelta(hours=1)
    QueuedLetter.objects.filter(action=first).update(created_at=written)
    QueuedLetter.objects.filter(action=second).update(created_at=written + timedelta(minutes=1))
    for action in (second, first):
        with django_capture_on_commit_callbacks(execute=True):
            confirm_action(confirm_token(action))
    assert QueuedLetter.objects.filter(state="ready").count() == 2
    sydney = zoneinfo.ZoneInfo("Australia/Sydney")
    morning = datetime(2026, 11, 30, 9, 0, tzinfo=sydney)
    assert send_letter_digests(morning) == 0  # digests go from 17:00 local time

    before = len(smtp_server.handler.delivered)
    evening = datetime(2026, 11, 30, 17, 5, tzinfo=sydney)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_letter_digests(evening) == 1
    (digest,) = smtp_server.handler.delivered[before:]
    assert digest.rcpt_tos == ["asiapacific@un-labour-migration.example"]
    assert digest.message["Subject"] == "2 supporters wrote to you today"
    body = plain_body(digest.message)
    assert (
        body.startswith("Dear Dr Farah,") and "Safe passage home for workers detained after raids (2)" in body
    )
    pages = _digest_pages(smtp_server, before)
    assert len(pages) == 2  # one letter a page, in the order they were written
    assert "김지현" in pages[0] and "박서연" not in pages[0]
    assert "박서연" in pages[1] and "김지현" not in pages[1]
    assert not QueuedLetter.objects.exists()

    # Once a day: a later run the same evening sends nothing, even with new letters.
    write(
        Client(),
        letter_campaign,
        "send",
        language="en",
        name="Late Writer",
        email="late@example.org",
        consent="on",
        send_for_me="on",
    )
    confirm_action(confirm_token(Action.objects.order_by("-pk").first()))
    assert send_letter_digests(evening + timedelta(hours=2)) == 0
    assert send_letter_digests(evening + timedelta(days=1)) == 1


def test_the_digest_orders_letters_by_when_they_were_written_not_by_id(
    letter_campaign, org_key, smtp_server, django_capture_on_commit_callbacks: Any
) -> None:
    """Ids and confirmations both in one order, the writing in the other: the writing wins."""
    first, second = _write_digest_letters(
        letter_campaign, ["김지현", "박서연"], django_capture_on_commit_callbacks
    )
    written = timezone.now() - timedelta(hours=1)
    QueuedLetter.objects.filter(action=first).update(created_at=written + timedelta(minutes=1))
    QueuedLetter.objects.filter(action=second).update(created_at=written)
    for action in (first, second):
        with django_capture_on_commit_callbacks(execute=True):
            confirm_action(confirm_token(action))
    before = len(smtp_server.handler.delivered)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_letter_digests(timezone.localtime().replace(hour=23)) == 1
    pages = _digest_pages(smtp_server, before)
    assert len(pages) == 2
    assert "박서연" in pages[0] and "김지현" in pages[1]


def test_letters_never_confirmed_or_invalidated_are_deleted(client: Client, letter_campaign, org_key) -> None:
    for number in range(3):
        write(
            Client(),
            letter_campaign,
            "send",
            language="th",
            email=f"w{number}@example.org",
            consent="on",
            send_for_me="on",
        )
    old, invalid, fresh = Action.objects.order_by("pk")
    QueuedLetter.objects.filter(action=old).update(created_at=timezone.now() - timedelta(days=9))
    invalidate_action(invalid.pk)
    assert expire_queued_letters() == 8
    assert set(QueuedLetter.objects.values_list("action_id", flat=True)) == {fresh.pk}


def test_a_flagged_letter_is_held_until_staff_count_it(
    client: Client, letter_campaign, org_key, smtp_server, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        write(client, letter_campaign, "send", language="th", website="http://spam.example", **SEND)
    action = Action.objects.get()
    assert action.state == Action.State.FLAGGED
    with django_capture_on_commit_callbacks(execute=True):
        confirm(client, action)
    assert len(smtp_server.handler.delivered) == 1  # the confirmation only
    assert QueuedLetter.objects.filter(state="waiting").count() == 4
    with django_capture_on_commit_callbacks(execute=True):
        unflag_action(action.pk)
    assert len(smtp_server.handler.delivered) == 4


def test_a_supporter_who_deletes_their_data_takes_their_queued_letters_with_them(
    client: Client, letter_campaign, org_key
) -> None:
    write(client, letter_campaign, "send", language="th", **SEND)
    action = Action.objects.get()
    assert QueuedLetter.objects.count() == 4
    forget_supporter(action.supporter_id)
    assert not QueuedLetter.objects.exists()


def mailed_status_url(message: Any) -> str:
    """The status page's address (path and query) in a mail."""
    found = re.search(r"https?://[^/\s]+(/\S+/letters/\?token=\S+)", plain_body(message))
    assert found is not None, plain_body(message)
    return found.group(1)


def test_the_status_page_follows_the_letters(
    client: Client, letter_campaign, org_key, smtp_server, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = write(client, letter_campaign, "send", language="th", **SEND)
    # The thank-you page carries no status link: it goes by mail only (docs/privacy.md).
    assert not soup(response).select("a[href*='/letters/']")
    (confirmation,) = smtp_server.handler.delivered
    status_url = mailed_status_url(confirmation.message)
    # The token travels in the query string (access logs record paths, never query strings).
    assert re.fullmatch(r"/th/[\w-]+/letters/\?token=[\w%.-]+", status_url)
    shown = read_status_token(parse_qs(urlsplit(status_url).query)["token"][0])
    assert shown is not None and shown.action_id == Action.objects.get().pk and len(shown.target_ids) == 4

    def states() -> list[str]:
        page = client.get(status_url)
        assert page.status_code == 200 and "no-store" in page["Cache-Control"]
        return [item.get_text(" ", strip=True) for item in soup(page).select(".letter-status-list li strong")]

    waiting = states()
    assert len(waiting) == 4 and len(set(waiting)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        confirm(client, Action.objects.get())
    after = states()
    assert after[0] == after[1] == after[3] != after[2]  # sent; the UN office's waits for its digest
    assert client.get(status_url.replace("token=", "token=x")).status_code == 400
    assert client.get(status_url.split("?")[0]).status_code == 400

    # A link mailed before the token moved out of the path still works: it redirects, and the
    # address it redirects to has the token in the query string.
    token = parse_qs(urlsplit(status_url).query)["token"][0]
    old = client.get(f"{status_url.split('?')[0]}{token}/")
    assert old.status_code == 302
    assert old["Location"] == status_url.split("?")[0] + "?" + urlencode({"token": token})
    assert "no-store" in old["Cache-Control"]
    assert client.get(old["Location"]).status_code == 200


def test_a_stranger_with_a_writers_address_sees_no_status_and_the_writer_is_told_by_mail(
    client: Client, letter_campaign, org_key, smtp_server, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        write(client, letter_campaign, "send", language="th", **SEND)
    with django_capture_on_commit_callbacks(execute=True):
        confirm(client, Action.objects.get())
    letters_sent = len(smtp_server.handler.delivered)
    assert letters_sent == 4  # the confirmation and three letters (the fourth waits for its digest)

    # A stranger types the writer's address into a fresh form, in a browser of their own.
    with django_capture_on_commit_callbacks(execute=True):
        answer = write(Client(), letter_campaign, "send", language="th", **SEND)
    page = soup(answer)
    # As for a new letter: each "send it for me" waits for a confirmation; no send time, no link.
    waiting = translated("th", "Waiting for your confirmation")
    statuses = [item.get_text(" ", strip=True) for item in page.select(".letter-status strong")]
    assert statuses == [waiting] * 4
    assert not page.select("a[href*='/letters/']")
    assert Action.objects.count() == 1

    # The writer alone hears of it, by mail, with the link to their letters' status.
    (notice,) = smtp_server.handler.delivered[letters_sent:]
    assert notice.rcpt_tos == ["malee.s@example.org"]
    body = plain_body(notice.message)
    assert (
        translated("th", "See here what happens to the letters we send for you:\n%(url)s").split("\n")[0]
        in body
    )
    status = client.get(mailed_status_url(notice.message))
    assert status.status_code == 200 and len(soup(status).select(".letter-status-list li")) == 4


def test_an_autofilled_letter_goes_out_once_its_writer_confirms(
    client: Client, letter_campaign, org_key, smtp_server, django_capture_on_commit_callbacks: Any
) -> None:
    """A returning supporter's browser fills the form in at once: a suspicion, not a verdict."""
    with django_capture_on_commit_callbacks(execute=True):
        write(client, letter_campaign, "send", form_token=new_form_token(time.time() - 1.5), **SEND)
    action = Action.objects.get()
    assert (action.state, action.flag_reason) == (Action.State.FLAGGED, "fast_fill")
    assert counters.read(letter_campaign.pk).total == 0
    assert [d.rcpt_tos for d in smtp_server.handler.delivered] == [["malee.s@example.org"]]

    with django_capture_on_commit_callbacks(execute=True):
        confirm(client, action)
    action.refresh_from_db()
    assert action.state == Action.State.CONFIRMED
    assert len(smtp_server.handler.delivered[1:]) == 3  # the letters went to their targets
    assert counters.read(letter_campaign.pk) == counters.Counts(confirmed=1, unconfirmed=0)


def test_a_held_letters_status_page_says_it_waits_for_a_check(
    client: Client, letter_campaign, org_key, smtp_server, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        write(client, letter_campaign, "send", language="th", website="http://spam.example", **SEND)
    status_url = mailed_status_url(smtp_server.handler.delivered[0].message)
    confirm(client, Action.objects.get())
    with translation.override("th"):
        waits = translation.gettext("Confirmed, waiting for a check by our team before it is sent")
    assert waits != "Confirmed, waiting for a check by our team before it is sent"
    statuses = soup(client.get(status_url)).get_text(" ")
    assert statuses.count(waits) == 4


def test_the_confirmed_page_links_to_the_status_of_the_letters_we_send(
    client: Client, letter_campaign, org_key, smtp_server, django_capture_on_commit_callbacks: Any
) -> None:
    from django.utils import translation

    with django_capture_on_commit_callbacks(execute=True):
        write(client, letter_campaign, "send", language="th", **SEND)
    action = Action.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/th/confirm/?token={confirm_token(action)}")
    with translation.override("th"):
        label = translation.gettext("See what happens to your letters")
        outcome = translation.gettext("Your letter is confirmed and counts in full.")
    page = soup(response)
    assert outcome in page.main.get_text(" ")
    (link,) = [a for a in page.select("main a") if a.get_text(strip=True) == label]
    status = client.get(link["href"])
    assert status.status_code == 200
    assert len(soup(status).select(".letter-status-list > li")) == 4  # one line per target we write to


def test_the_confirmed_page_of_a_letter_we_do_not_send_has_no_status_link(
    client: Client, letter_campaign, org_key, smtp_server
) -> None:
    write(client, letter_campaign, "send", language="th", email="malee.s@example.org", consent="on")
    action = Action.objects.get()
    response = client.post(f"/th/confirm/?token={confirm_token(action)}")
    assert response.status_code == 200
    assert not [a for a in soup(response).select("main a") if "/letters/" in str(a["href"])]
