"""Staff create an editor through Wagtail's own group and user forms; the editor's password
alone never opens the admin: they enrol an authenticator first, whatever admin URL they open."""

from __future__ import annotations

import re
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from chorus.news.demo import DEMO_USERS

from .conftest import current_totp, log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("browser")]

STAFF = next(user for user in DEMO_USERS if user.is_staff)
EDITOR_EMAIL = "noi@example.org"
EDITOR_PASSWORD = "river-editor-passphrase-7"
ENROL = re.compile(r"/en/accounts/2fa/totp/activate/\?next=")


def staff_log_in_with_code(page: Page, staff: Any, next_url: str) -> None:
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    page.goto(f"/en/accounts/login/?next={next_url}")
    log_in(page, "en", STAFF.email, STAFF.password)
    page.get_by_label("Code").fill(current_totp(secret))
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(re.escape(next_url) + "$"))


def create_group_and_editor(page: Page, *, administrator: bool = False) -> None:
    page.goto("/admin/groups/new/")
    page.locator("input[name=name]").fill("Campaign editors")
    page.get_by_label("Can access Wagtail admin", exact=True).check()
    page.get_by_role("button", name="Create").click()
    expect(page.locator(".messages")).to_contain_text("Campaign editors")

    page.goto("/admin/users/new/")
    page.get_by_label("Username").fill("noi")
    page.get_by_label("Email").fill(EDITOR_EMAIL)
    page.get_by_label("First Name").fill("Noi")
    page.get_by_label("Last Name").fill("Editor")
    page.locator("#id_password1").fill(EDITOR_PASSWORD)
    page.locator("#id_password2").fill(EDITOR_PASSWORD)
    page.get_by_role("tab", name="Roles").first.click()
    if administrator:
        # Wagtail's superuser flag, labelled "Administrator" like the Administrator group below it.
        page.locator("input[name=is_superuser]").check()
    else:
        page.get_by_label("Campaign editors").check()
    page.get_by_role("button", name="Create").click()
    expect(page.locator(".messages")).to_contain_text("noi")


def confirm_password_for_enrolment(page: Page) -> None:
    """allauth wants the password again before an authenticator is added, then goes on to it."""
    expect(page).to_have_url(re.compile(r"/en/accounts/reauthenticate/\?next=.*totp%2Factivate"))
    page.get_by_placeholder("Password").fill(EDITOR_PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(ENROL)


def log_out_from_the_site(page: Page) -> None:
    page.goto("/en/")
    page.locator(".account-state").get_by_role("button", name="Log out").click()
    expect(page.locator(".account-state")).to_contain_text("You are not logged in")


def test_an_editor_made_in_wagtails_forms_must_enrol_before_any_admin_page(
    page: Page, demo: dict[str, Any]
) -> None:
    staff_log_in_with_code(page, demo["staff"], "/admin/")
    create_group_and_editor(page)
    editor = get_user_model().objects.get(email=EDITOR_EMAIL)
    # What made the old check miss them: the admin's forms never set is_staff.
    assert not editor.is_staff and not editor.is_superuser
    assert editor.has_perm("wagtailadmin.access_admin")
    log_out_from_the_site(page)

    page.goto("/en/accounts/login/?next=/admin/")
    log_in(page, "en", EDITOR_EMAIL, EDITOR_PASSWORD)
    confirm_password_for_enrolment(page)
    for path in (
        "/admin/",
        "/admin/pages/",
        "/admin/actions/flagged/",
        "/admin/dev-mailbox/",
        "/admin/users/",
    ):
        page.goto(path)
        expect(page).to_have_url(ENROL)
        expect(page.get_by_label("Authenticator code")).to_be_visible()

    page.goto("/admin/")
    secret = page.get_by_label("Authenticator secret").input_value()
    page.get_by_label("Authenticator code").fill(current_totp(secret))
    page.get_by_role("button", name="Activate").click()
    expect(page).to_have_url(re.compile(r"/en/accounts/2fa/recovery-codes/$"))
    assert Authenticator.objects.filter(user=editor, type=Authenticator.Type.TOTP).exists()
    page.get_by_role("link", name="I have saved my recovery codes: continue to the admin").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page).to_have_title(re.compile(r"^Dashboard"))


def test_an_administrator_made_in_the_user_form_must_enrol_too(page: Page, demo: dict[str, Any]) -> None:
    staff_log_in_with_code(page, demo["staff"], "/admin/")
    create_group_and_editor(page, administrator=True)
    assert get_user_model().objects.get(email=EDITOR_EMAIL).is_superuser
    log_out_from_the_site(page)

    page.goto("/en/accounts/login/")
    log_in(page, "en", EDITOR_EMAIL, EDITOR_PASSWORD)
    page.goto("/admin/groups/")
    confirm_password_for_enrolment(page)
    expect(page).to_have_url(re.compile(r"/en/accounts/2fa/totp/activate/\?next=%2Fadmin%2Fgroups%2F$"))
