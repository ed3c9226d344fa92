"""Nobody can lock staff or members out by guessing passwords (chorus/core/login_limits.py).

Login limits count each client as the trusted-proxy rule finds it (so every visitor behind the
reverse proxy is not one client), and limit an account only by a short per-client delay.
"""

from __future__ import annotations

import pickle
import re
import time
from typing import Any

import pytest
from django.contrib.auth.models import AbstractUser
from django.core.cache import cache
from django.test import Client

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
ATTACKER = "198.51.100.66"
WRONG = "not-the-password-42"


def client_at(address: str, behind_proxy: bool) -> Client:
    if behind_proxy:
        return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address)
    return Client(REMOTE_ADDR=address)


def attempt(client: Client, email: str, password: str) -> Any:
    return client.post("/en/accounts/login/", {"login": email, "password": password})


def assert_logged_in(client: Client, response: Any, user: AbstractUser) -> None:
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "/accounts/login/" not in response["Location"]
    # Password accepted: logged in, or (with an authenticator) at the code prompt.
    assert client.session.get("_auth_user_id") == str(user.pk) or "/2fa/authenticate/" in response["Location"]


@pytest.fixture
def proxy(settings: Any) -> None:
    settings.CHORUS_TRUSTED_PROXIES = [PROXY]


@pytest.mark.parametrize("behind_proxy", [True, False], ids=["behind the proxy", "direct"])
def test_a_flood_of_wrong_passwords_from_one_client_locks_nobody_else_out(
    proxy: None,
    behind_proxy: bool,
    demo_accounts: dict[str, AbstractUser],
    staff_password: str,
    member_password: str,
) -> None:
    attacker = client_at(ATTACKER, behind_proxy)
    answers = [attempt(attacker, f"nobody{n}@example.org", WRONG) for n in range(25)]
    # The flooding client itself is stopped ...
    assert "Too many failed login attempts" in answers[-1].content.decode()
    # ... and nobody else is.
    staff = client_at("203.0.113.10", behind_proxy)
    assert_logged_in(
        staff, attempt(staff, demo_accounts["staff"].email, staff_password), demo_accounts["staff"]
    )
    member = client_at("203.0.113.11", behind_proxy)
    assert_logged_in(
        member, attempt(member, demo_accounts["member"].email, member_password), demo_accounts["member"]
    )


def test_wrong_passwords_from_many_clients_behind_the_proxy_lock_nobody_out(
    proxy: None, demo_accounts: dict[str, AbstractUser], staff_password: str, member_password: str
) -> None:
    for n in range(25):
        attempt(client_at(f"198.51.100.{n + 1}", behind_proxy=True), f"nobody{n}@example.org", WRONG)
    staff = client_at("203.0.113.10", behind_proxy=True)
    assert_logged_in(
        staff, attempt(staff, demo_accounts["staff"].email, staff_password), demo_accounts["staff"]
    )
    member = client_at("203.0.113.11", behind_proxy=True)
    assert_logged_in(
        member, attempt(member, demo_accounts["member"].email, member_password), demo_accounts["member"]
    )


def test_a_flood_against_one_account_slows_it_without_locking_its_owner_out(
    proxy: None, demo_accounts: dict[str, AbstractUser], staff_password: str
) -> None:
    staff = demo_accounts["staff"]
    attacker = client_at(ATTACKER, behind_proxy=True)
    answers = [attempt(attacker, staff.email, WRONG).content.decode() for _ in range(25)]
    # After a few real checks, the flooding client is asked to wait (at most the cap) instead.
    waits = [int(found) for answer in answers for found in re.findall(r"Please wait (\d+) seconds", answer)]
    assert len(waits) == 20 and max(waits) <= 30
    assert "Please wait" in attempt(attacker, staff.email, staff_password).content.decode()
    # The owner, elsewhere, is not held up at all.
    owner = client_at("203.0.113.10", behind_proxy=True)
    assert_logged_in(owner, attempt(owner, staff.email, staff_password), staff)


def test_the_owner_on_the_flooding_client_gets_in_once_the_delay_is_over(
    proxy: None, settings: Any, demo_accounts: dict[str, AbstractUser], member_password: str
) -> None:
    settings.CHORUS_LOGIN_DELAY_CAP = 1
    member = demo_accounts["member"]
    shared = client_at(ATTACKER, behind_proxy=True)
    for _ in range(6):
        attempt(shared, member.email, WRONG)
    assert "Please wait 1 seconds" in attempt(shared, member.email, member_password).content.decode()
    time.sleep(1.1)
    assert_logged_in(shared, attempt(shared, member.email, member_password), member)


def test_the_limits_keep_no_address_or_email_in_the_cache(
    proxy: None, demo_accounts: dict[str, AbstractUser]
) -> None:
    staff = demo_accounts["staff"]
    for _ in range(8):
        attempt(client_at(ATTACKER, behind_proxy=True), staff.email, WRONG)
    stored = getattr(cache, "_cache", None)
    assert stored, "the test reads the local memory cache"
    held = repr(list(stored)).encode() + b"".join(pickle.dumps(value) for value in stored.values())
    assert held.count(b"login") >= 2  # the limits are there ...
    for secret in (ATTACKER, PROXY, staff.email):
        assert secret.encode() not in held  # ... as keyed hashes only


def test_wagtails_password_only_login_form_is_gone(
    demo_accounts: dict[str, AbstractUser], staff_password: str
) -> None:
    """Wagtail's front-end login (a plain Django form: no limits, no second-factor stage)."""
    client = Client()
    staff = demo_accounts["staff"]
    response = client.post("/en/_util/login/", {"username": staff.get_username(), "password": staff_password})
    assert response.status_code == 302 and "/en/accounts/login/" in response["Location"]
    assert "_auth_user_id" not in client.session
