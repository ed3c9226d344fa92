"""Account events in the audit log, through the real log-in form and its second-factor step:
who and what, never what was typed, never the address the request came from."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import AbstractUser
from django.test import Client
from wagtail.models import ModelLogEntry, Site

from tests.core.test_admin_mfa import PASSWORD, SECRET, current_code, make_editor

pytestmark = pytest.mark.django_db


def logged(action: str) -> list[ModelLogEntry]:
    return list(ModelLogEntry.objects.filter(action=action).order_by("pk"))


def test_a_wrong_code_then_the_right_one_is_logged_on_the_account(client: Client) -> None:
    ModelLogEntry.objects.all().delete()
    editor: AbstractUser = make_editor()
    TOTP.activate(editor, SECRET)
    client.post("/en/accounts/login/", {"login": editor.email, "password": PASSWORD})
    client.post("/en/accounts/2fa/authenticate/", {"code": "000000"})
    client.post("/en/accounts/2fa/authenticate/", {"code": current_code()})
    assert client.get("/admin/").status_code == 200

    (wrong,) = logged("chorus.mfa_failed")
    assert (wrong.object_id, wrong.user_id, wrong.data) == (str(editor.pk), None, {"authenticator": "totp"})
    (login,) = logged("chorus.login")
    assert (login.object_id, login.user_id, login.label) == (str(editor.pk), editor.pk, f"#{editor.pk}")
    # The client's address (127.0.0.1) and the typed address are nowhere in the entries.
    text = " ".join(str(value) for row in ModelLogEntry.objects.values_list() for value in row)
    assert "127.0.0.1" not in text and editor.email not in text


def test_a_failed_log_in_to_an_unknown_address_keeps_nothing_of_it(client: Client, demo_site: Any) -> None:
    """Logged on the site (the demo's: a test that flushed the database before this one leaves none)."""
    ModelLogEntry.objects.all().delete()
    typed = "someone.who.signed@example.org"
    response = client.post("/en/accounts/login/", {"login": typed, "password": "whatever-it-was"})
    assert response.status_code == 200  # the form again, with its error
    (entry,) = logged("chorus.login_failed")
    assert entry.content_type.model_class() is Site and entry.user_id is None
    assert entry.data == {"account": "unknown"}
    text = " ".join(str(value) for row in ModelLogEntry.objects.values_list() for value in row)
    assert "someone.who.signed" not in text and "example.org" not in text
