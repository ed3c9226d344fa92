"""The development mailbox: mail captured as .eml files and read by staff in the admin."""

from __future__ import annotations

import email
import email.policy
import json
from pathlib import Path
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from bs4 import BeautifulSoup
from django.test import Client

from chorus.delivery import mailbox
from chorus.delivery.models import Outbox
from tests.mfa import log_in_with_totp

from .helpers import THAI_BODY, THAI_SUBJECT, queue

pytestmark = pytest.mark.django_db

DEV_MAILER = {"default": {"BACKEND": "chorus.delivery.mailbox.DevMailboxBackend"}}


@pytest.fixture
def dev_mailbox(settings: Any, tmp_path: Path) -> Path:
    """The mail settings of `make run` (settings/dev.py), with the mailbox in a temporary folder."""
    settings.MAILERS = DEV_MAILER
    settings.CHORUS_DEV_MAILBOX = True
    settings.CHORUS_DEV_MAILBOX_DIR = tmp_path / "mailbox"
    return tmp_path / "mailbox"


@pytest.fixture
def staff_client(client: Client, demo_accounts: dict[str, Any]) -> Client:
    staff = demo_accounts["staff"]
    log_in_with_totp(client, staff)
    return client


def menu_links(client: Client) -> dict[str, str]:
    """Label → URL of the admin's main menu (Wagtail renders it from JSON in the page)."""
    page = BeautifulSoup(client.get("/admin/").content, "html.parser")
    props = page.find("script", id="wagtail-sidebar-props")
    assert props is not None
    found: dict[str, str] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "label" in node and "url" in node:
                found[node["label"]] = node["url"]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(props.get_text()))
    return found


def send_thai_mail(django_capture_on_commit_callbacks: Any) -> Outbox:
    with django_capture_on_commit_callbacks(execute=True):
        (row,) = queue(prefix="dev", to="王小明 <xiaoming@example.org>")
    row.refresh_from_db()
    return row


def test_outbox_mail_lands_in_the_mailbox_as_a_readable_eml_file(
    dev_mailbox: Path, django_capture_on_commit_callbacks: Any
) -> None:
    row = send_thai_mail(django_capture_on_commit_callbacks)
    assert row.state == Outbox.State.SENT
    assert row.payload is None

    (path,) = dev_mailbox.glob("*.eml")
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert message["Subject"] == THAI_SUBJECT
    assert message["To"] == "王小明 <xiaoming@example.org>"
    assert message["Message-ID"] == "<dev-0@riverlight.example>"
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    assert THAI_BODY in body.get_content()


def test_staff_list_and_read_captured_mail_in_the_admin(
    dev_mailbox: Path, staff_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    send_thai_mail(django_capture_on_commit_callbacks)

    assert menu_links(staff_client)["Development mailbox"] == "/admin/dev-mailbox/"

    response = staff_client.get("/admin/dev-mailbox/")
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    (row,) = page.select("table.listing tbody tr")
    cells = [cell.get_text(strip=True) for cell in row.find_all("td")]
    assert cells[1] == "王小明 <xiaoming@example.org>"
    assert cells[2] == THAI_SUBJECT

    link = row.find("a")
    assert link is not None
    detail = staff_client.get(str(link["href"]))
    assert detail.status_code == 200
    text = BeautifulSoup(detail.content, "html.parser").get_text()
    assert THAI_SUBJECT in text
    assert THAI_BODY in text
    assert "Riverlight Collective <hello@riverlight.example>" in text


def test_the_mailbox_is_closed_to_members_staff_without_mfa_and_outside_development(
    dev_mailbox: Path, client: Client, demo_accounts: dict[str, Any], settings: Any
) -> None:
    client.force_login(demo_accounts["member"])
    assert client.get("/admin/dev-mailbox/").status_code == 302

    client.force_login(demo_accounts["staff"])
    response = client.get("/admin/dev-mailbox/")
    assert response.status_code == 302
    assert "/accounts/2fa/totp/activate/" in response["Location"]

    # With an authenticator but a session that never used it: asked for the code.
    TOTP.activate(demo_accounts["staff"], "JBSWY3DPEHPK3PXP")
    assert "/accounts/2fa/reauthenticate/" in client.get("/admin/dev-mailbox/")["Location"]
    log_in_with_totp(client, demo_accounts["staff"])
    assert client.get("/admin/dev-mailbox/").status_code == 200
    settings.CHORUS_DEV_MAILBOX = False
    assert client.get("/admin/dev-mailbox/", follow=True).status_code == 404
    assert "Development mailbox" not in menu_links(client)


def test_only_captured_messages_can_be_opened(dev_mailbox: Path, staff_client: Client) -> None:
    dev_mailbox.mkdir(parents=True)
    (dev_mailbox.parent / "secret.eml").write_text("Subject: not in the mailbox\n\nhidden")
    for name in ["../secret.eml", "secret.eml", str(dev_mailbox.parent / "secret.eml")]:
        assert mailbox.read_captured(name) is None
    missing = "20261128-120000-000000-deadbeef.eml"
    assert staff_client.get(f"/admin/dev-mailbox/{missing}/", follow=True).status_code == 404
