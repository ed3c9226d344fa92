"""Logging in through the real forms: members reach members-only pages, staff need TOTP for the admin."""

from __future__ import annotations

import re
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from playwright.sync_api import Page, expect

from chorus.news.demo import DEMO_USERS, MEMBERS

from .conftest import current_totp, log_in, normalised_text, translated

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("browser")]

MEMBER = next(user for user in DEMO_USERS if not user.is_staff)
STAFF = next(user for user in DEMO_USERS if user.is_staff)


def assert_logged_out(page: Page, code: str) -> None:
    state = normalised_text(page, ".account-state")
    assert state == f"{translated(code, 'You are not logged in')} · {translated(code, 'Log in')}"


def test_member_logs_in_reads_members_pages_and_logs_out(page: Page, demo: Any) -> None:
    page.goto("/en/members/")
    # Visitors are sent to the login form, which brings them back afterwards.
    expect(page).to_have_url("/en/accounts/login/?next=/en/members/")
    assert_logged_out(page, "en")

    log_in(page, "en", MEMBER.email, MEMBER.password)

    expect(page).to_have_url("/en/members/")
    expect(page.locator("h1")).to_have_text(MEMBERS["en"][0])
    name = f"{MEMBER.first_name} {MEMBER.last_name}"
    assert normalised_text(page, ".account-state") == f"Logged in as {name} · Log out"

    page.goto("/th/members/")
    expect(page.locator("h1")).to_have_text(MEMBERS["th"][0])
    logged_in_as = translated("th", "Logged in as %(name)s", name=name)
    assert logged_in_as != f"Logged in as {name}"
    assert normalised_text(page, ".account-state") == f"{logged_in_as} · {translated('th', 'Log out')}"

    page.locator(".account-state").get_by_role("button", name=translated("th", "Log out")).click()
    expect(page).to_have_url("/th/")
    assert_logged_out(page, "th")

    page.goto("/th/members/")
    expect(page).to_have_url("/th/accounts/login/?next=/th/members/")
    expect(page.get_by_label(translated("th", "Password"))).to_be_visible()
    expect(page.locator("h1")).not_to_have_text(MEMBERS["th"][0])


def test_staff_without_mfa_must_enrol_totp_before_the_admin(page: Page, demo: dict[str, Any]) -> None:
    staff = demo["staff"]
    page.goto("/en/accounts/login/")
    log_in(page, "en", STAFF.email, STAFF.password)
    expect(page.locator(".account-state")).to_contain_text("Logged in as Sam Organiser")

    page.goto("/admin/")

    # allauth wants the password again before an authenticator is added, then goes on to it.
    expect(page).to_have_url(re.compile(r"/en/accounts/reauthenticate/\?next=.*totp%2Factivate"))
    page.get_by_placeholder("Password").fill(STAFF.password)
    page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(re.compile(r"/en/accounts/2fa/totp/activate/\?next=%2Fadmin%2F$"))
    expect(page).to_have_title("Activate Authenticator App · Riverlight Collective")
    secret = page.get_by_label("Authenticator secret").input_value()
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    page.get_by_label("Authenticator code").fill(current_totp(secret))
    page.get_by_role("button", name="Activate").click()

    # allauth offers the recovery codes straight after enrolment; they are the ones it stored.
    expect(page).to_have_url(re.compile(r"/en/accounts/2fa/recovery-codes/$"))
    shown = page.get_by_label("Unused codes").input_value().split()
    recovery = Authenticator.objects.get(user=staff, type=Authenticator.Type.RECOVERY_CODES)
    assert shown == RecoveryCodes(recovery).get_unused_codes()
    assert len(shown) >= 8
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()

    page.get_by_role("link", name="I have saved my recovery codes: continue to the admin").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page).to_have_title(re.compile(r"^Dashboard"))


def test_staff_with_totp_must_give_a_code_to_log_in(page: Page, demo: dict[str, Any]) -> None:
    secret = generate_totp_secret()
    TOTP.activate(demo["staff"], secret)
    page.goto("/en/accounts/login/?next=/admin/")
    log_in(page, "en", STAFF.email, STAFF.password)

    # The password alone does not log staff in: allauth asks for the authenticator code.
    expect(page).to_have_url(re.compile(r"/en/accounts/2fa/authenticate/"))
    assert_logged_out(page, "en")
    page.get_by_label("Code").fill("000000" if current_totp(secret) != "000000" else "111111")
    page.get_by_role("button", name="Sign In").click()
    expect(page.locator("main")).to_contain_text("Incorrect code.")
    # Nor can the admin be reached by going round the question.
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/en/accounts/2fa/authenticate/$"))

    page.get_by_label("Code").fill(current_totp(secret))
    page.get_by_role("button", name="Sign In").click()

    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page).to_have_title(re.compile(r"^Dashboard"))
