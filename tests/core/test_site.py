"""Health check, security headers, login state, members-only pages and staff MFA."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from bs4 import BeautifulSoup
from django.test import Client

from tests.mfa import log_in_with_totp

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


def test_healthz_answers_when_the_database_does(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_public_pages_send_a_strict_content_security_policy(client: Client, demo_site) -> None:
    policy = client.get("/en/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "http" not in policy  # no third-party origin anywhere


def test_pages_load_nothing_from_other_origins(client: Client, demo_site) -> None:
    page = BeautifulSoup(client.get("/th/").content.decode(), "html.parser")
    loaded = page.select("link[href], script[src], img[src]")
    assert page.select('link[rel="stylesheet"]') and len(loaded) > 1  # the page does load things
    for element in loaded:
        url = element.get("href") or element.get("src")
        if element.get("rel") in (["alternate"], ["canonical"]):  # addresses of pages, nothing is loaded
            continue
        assert url.startswith(("/", "data:")), url  # data: is the empty icon, loaded from nowhere


def test_logged_in_header_names_the_member(client: Client, demo_site, demo_accounts) -> None:
    client.force_login(demo_accounts["member"])
    page = BeautifulSoup(client.get("/en/").content.decode(), "html.parser")
    header = page.select_one(".account-state").get_text(" ", strip=True)
    assert header == "Logged in as Kim Member · Log out"


def test_members_page_asks_visitors_to_log_in(client: Client, demo_site) -> None:
    response = client.get("/th/members/")
    assert response.status_code == 302
    assert response["Location"] == "/th/accounts/login/?next=/th/members/"


def test_member_logs_in_with_email_and_sees_members_page(
    client: Client, demo_site, demo_accounts, member_password: str
) -> None:
    response = client.post(
        "/th/accounts/login/",
        {"login": "MEMBER@example.org", "password": member_password, "next": "/th/members/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/th/members/"
    page = client.get("/th/members/")
    assert page.status_code == 200
    assert "มุมสมาชิก" in page.content.decode()


def test_wrong_password_gets_a_translated_message_and_no_session(
    client: Client, demo_site, demo_accounts
) -> None:
    response = client.post(
        "/ko/accounts/login/", {"login": "member@example.org", "password": "wrong-password"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    errors = BeautifulSoup(response.content.decode(), "html.parser").select_one(".form-errors")
    assert errors is not None
    assert "not correct" not in errors.get_text()  # the Korean message, not the English one


def test_nobody_can_sign_themselves_up(client: Client, demo_site) -> None:
    client.post(
        "/en/accounts/signup/", {"email": "new@example.org", "password1": "x" * 20, "password2": "x" * 20}
    )
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(email="new@example.org").exists()


def test_wagtail_password_login_is_replaced_by_allauth(client: Client) -> None:
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_staff_without_mfa_are_sent_to_enrol_before_the_admin(client: Client, demo_accounts) -> None:
    client.force_login(demo_accounts["staff"])
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert "/accounts/2fa/totp/activate/" in response["Location"]
    assert "next=%2Fadmin%2Fpages%2F" in response["Location"]


def test_staff_with_totp_reach_the_admin(client: Client, demo_accounts) -> None:
    staff = demo_accounts["staff"]
    log_in_with_totp(client, staff)
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
    assert client.get("/admin/").status_code == 200


def test_members_cannot_use_the_admin(client: Client, demo_accounts) -> None:
    client.force_login(demo_accounts["member"])
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/" not in response["Location"].split("?")[0]


def test_production_settings_pass_the_deploy_check() -> None:
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "chorus.settings.production",
        "SECRET_KEY": "x7!" + "k2#pQ9zL@" * 7,
        "ALLOWED_HOSTS": "chorus.example.org",
        "DATABASE_URL": "sqlite:///:memory:",
        # Two web workers by default, so a shared cache (chorus.E001); the check does not connect.
        "CHORUS_REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key() -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "chorus.settings.production", "SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
