"""Every account that can open an admin URL passes a second factor in its session first.

The admin URLs are read from the URL resolver, so a view added later is covered without
anyone remembering to list it here.
"""

from __future__ import annotations

from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group, Permission
from django.test import Client
from django.urls import resolve

from tests.admin_urls import admin_paths

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-editor-password-42"
SECRET = "JBSWY3DPEHPK3PXP"


def test_the_admin_paths_cover_every_admin_url_pattern() -> None:
    paths = admin_paths()
    # Wagtail alone registers well over a hundred; a broken walk would find a handful.
    assert len(paths) > 150
    for path in paths:
        resolve(path)  # raises Resolver404 if a sample path missed its pattern
    for own in ("/admin/actions/flagged/", "/admin/dev-mailbox/", "/admin/jointletters/joint-letters/"):
        assert any(path.startswith(own) for path in paths), own


def make_editor(**flags: Any) -> AbstractUser:
    """An account as the admin makes it: in a group that may enter Wagtail, no `is_staff`."""
    user = get_user_model().objects.create_user(
        username="editor", email="editor@example.org", password=PASSWORD, **flags
    )
    group, _ = Group.objects.get_or_create(name="Campaign editors")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    user.groups.add(group)
    return user


def password_login(client: Client, email: str) -> None:
    response = client.post("/en/accounts/login/", {"login": email, "password": PASSWORD})
    assert response.status_code == 302


def current_code() -> str:
    import time

    return format_hotp_value(hotp_value(SECRET, int(time.time()) // 30))


def test_an_editor_from_a_group_is_sent_to_enrol_before_every_admin_url(client: Client) -> None:
    editor = make_editor()
    assert not editor.is_staff and not editor.is_superuser
    password_login(client, editor.email)

    paths = admin_paths()
    for path in paths:
        response = client.get(path)
        assert response.status_code == 302, path
        location = response["Location"]
        assert location.startswith("/en/accounts/2fa/totp/activate/?next="), (path, location)
    assert client.post("/admin/pages/add/news/contentpage/3/").status_code == 302


@pytest.mark.parametrize("flags", [{"is_staff": True}, {"is_superuser": True}])
def test_staff_and_superusers_without_a_group_are_sent_to_enrol_too(
    client: Client, flags: dict[str, Any]
) -> None:
    user = get_user_model().objects.create_user(
        username="u", email="u@example.org", password=PASSWORD, **flags
    )
    password_login(client, user.email)
    for path in ("/admin/", "/admin/actions/flagged/", "/admin/dev-mailbox/", "/admin/users/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/en/accounts/2fa/totp/activate/"), path


def test_an_authenticator_is_not_enough_the_session_must_have_used_it(client: Client) -> None:
    editor = make_editor()
    # Logged in with the password before the authenticator existed (say, enrolled in
    # another browser since): this session never passed a second factor.
    password_login(client, editor.email)
    TOTP.activate(editor, SECRET)

    for path in ("/admin/", "/admin/pages/", "/admin/actions/flagged/", "/admin/dev-mailbox/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == "/en/accounts/2fa/reauthenticate/?next=" + path.replace("/", "%2F")

    # Giving the code in this session opens the admin.
    assert client.get("/en/accounts/2fa/reauthenticate/?next=/admin/").status_code == 200
    response = client.post("/en/accounts/2fa/reauthenticate/?next=/admin/", {"code": current_code()})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_force_login_with_an_authenticator_still_needs_the_code(client: Client) -> None:
    editor = make_editor()
    TOTP.activate(editor, SECRET)
    client.force_login(editor)
    assert client.get("/admin/")["Location"].startswith("/en/accounts/2fa/reauthenticate/")


def test_logging_in_with_the_code_opens_the_admin(client: Client) -> None:
    editor = make_editor()
    TOTP.activate(editor, SECRET)
    response = client.post("/en/accounts/login/", {"login": editor.email, "password": PASSWORD})
    assert response["Location"] == "/en/accounts/2fa/authenticate/"
    client.post("/en/accounts/2fa/authenticate/", {"code": current_code()})
    assert client.get("/admin/").status_code == 200
    # Further pages answer by the group's permissions (an editor without page rights is
    # sent back to the dashboard), never with the second-factor gate again.
    for path in ("/admin/pages/", "/admin/actions/flagged/", "/admin/dev-mailbox/"):
        assert "/accounts/" not in client.get(path).get("Location", ""), path


def test_members_are_not_sent_to_enrol(client: Client, demo_accounts: dict[str, AbstractUser]) -> None:
    client.force_login(demo_accounts["member"])
    location = client.get("/admin/")["Location"]
    assert "/2fa/" not in location
