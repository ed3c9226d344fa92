"""Staff still log in in a browser after strangers flooded the login form from other addresses.

Everything reaches the server through one trusted reverse proxy (here the loopback address),
which names each client in X-Forwarded-For, as a deployment behind nginx does.
"""

from __future__ import annotations

import http.cookiejar
import re
import urllib.parse
import urllib.request
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from chorus.news.demo import DEMO_USERS

from .conftest import log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("browser")]

STAFF = next(user for user in DEMO_USERS if user.is_staff)


def wrong_login(base_url: str, email: str, address: str) -> str:
    """One failed login through the real form (CSRF token and all), from `address`."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    url, headers = f"{base_url}/en/accounts/login/", {"X-Forwarded-For": address}
    form = opener.open(urllib.request.Request(url, headers=headers), timeout=30).read().decode()  # noqa: S310 - the live server
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert found, form[:500]
    data = {"csrfmiddlewaretoken": found.group(1), "login": email, "password": "not-the-password-42"}
    request = urllib.request.Request(url, data=urllib.parse.urlencode(data).encode(), headers=headers)  # noqa: S310
    return str(opener.open(request, timeout=30).read().decode())


def test_staff_log_in_after_a_flood_from_other_addresses(
    page: Page, demo: dict[str, Any], live_server: Any, settings: Any
) -> None:
    settings.CHORUS_TRUSTED_PROXIES = ["127.0.0.1", "::1"]
    # One stranger tries 25 addresses that do not exist, 25 strangers one each, and one more
    # guesses the staff member's own password ten times.
    answers = [wrong_login(live_server.url, f"nobody{n}@example.org", "198.51.100.66") for n in range(25)]
    assert "Too many failed login attempts" in answers[-1]
    for n in range(25):
        wrong_login(live_server.url, f"someone{n}@example.org", f"203.0.113.{n + 1}")
    for _ in range(10):
        wrong_login(live_server.url, STAFF.email, "192.0.2.50")

    page.goto("/en/accounts/login/")
    log_in(page, "en", STAFF.email, STAFF.password)
    expect(page.locator(".account-state")).to_contain_text("Logged in as Sam Organiser")
    expect(page.locator("main")).not_to_contain_text("Too many")
    expect(page.locator("main")).not_to_contain_text("Please wait")
