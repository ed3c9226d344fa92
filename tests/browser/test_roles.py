"""Each demo role logs in with its authenticator code and sees exactly its admin menu.

The menu is read from the page as a person sees it (the sidebar's links, and the entries
of its Reports and Settings sub-menus once opened), not from the menu hooks, so an item
that shows but leads to a refusal, or a missing item, fails here. The member logs in too
and is kept out of the admin.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from playwright.sync_api import Locator, Page, expect

from chorus.news.demo import DEMO_USERS

from .conftest import current_totp, log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("browser")]

PASSWORDS = {demo.key: demo.password for demo in DEMO_USERS}

SUB_MENUS = ("Reports", "Settings")
# What each role's sidebar shows, top to bottom; "Reports: …" and "Settings: …" are the
# entries of those sub-menus.
PAGE_REPORTS = [
    "Reports: Workflows",
    "Reports: Translation status",
    "Reports: Workflow tasks",
    "Reports: Site history",
    "Reports: Aging pages",
    "Reports: Page types usage",
    "Reports: Translations",
]
CAMPAIGNING = [
    "Pages",
    "Results",
    "Menu links",
    "Actions",
    "Sealed exports",
    "Flagged actions",
    "Petition comments",
    "Joint letters",
    "Delivery bundles",
    "Delivery records",
    "Targets",
    "Images",
    "Documents",
    "Reports",
    "Reports: Locked pages",
    *PAGE_REPORTS,
]
MENUS: dict[str, list[str]] = {
    "administrator": [
        *CAMPAIGNING,
        "Development mailbox",
        "Settings",
        "Settings: Workflows",
        "Settings: Workflow tasks",
        "Settings: Users",
        "Settings: Groups",
        "Settings: Sites",
        "Settings: Locales",
        "Settings: Collections",
        "Settings: Redirects",
        "Help",
    ],
    "campaigner": [*CAMPAIGNING, "Help"],
    "moderator": [
        "Actions",
        "Flagged actions",
        "Petition comments",
        "Joint letters",
        "Reports",
        "Reports: Translations",
        "Help",
    ],
    "translator": ["Pages", "Reports", *PAGE_REPORTS, "Help"],
}


def log_in_with_code(page: Page, user: Any, key: str) -> None:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    page.goto("/en/accounts/login/?next=/admin/")
    log_in(page, "en", user.email, PASSWORDS[key])
    expect(page).to_have_url(re.compile(r"/en/accounts/2fa/authenticate/"))
    page.get_by_label("Code").fill(current_totp(secret))
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def _name(item: Locator) -> str:
    """The entry's label, without the "new" badges Wagtail adds until they are dismissed."""
    label = item.locator(".menuitem-label")
    text = label.first.text_content() if label.count() else item.text_content()
    return " ".join((text or "").split())


def sidebar_menu(page: Page) -> list[str]:
    """The entries of the sidebar's main menu, with the entries of Reports and Settings after them.

    *Pages* opens the page explorer (pages, not menu entries) and *Help* links to Wagtail's
    guides, the same for everyone: they are read but not opened.
    """
    menu = page.get_by_role("navigation", name="Main menu")
    expect(menu).to_be_visible()
    labels: list[str] = []
    for item in menu.locator(":scope > ul > li").all():
        control = item.locator(":scope > a, :scope > button").first
        label = _name(control)
        labels.append(label)
        if label in SUB_MENUS:
            control.click()
            entries = item.get_by_role("link").all()
            expect(item.get_by_role("link").first).to_be_visible()
            labels.extend(f"{label}: {_name(entry)}" for entry in entries)
            control.click()
    return labels


@pytest.mark.parametrize("key", ["administrator", "campaigner", "moderator", "translator"])
def test_each_role_logs_in_with_its_code_and_sees_exactly_its_menu(
    page: Page, demo: dict[str, Any], settings: Any, key: str
) -> None:
    settings.CHORUS_DEV_MAILBOX = True
    log_in_with_code(page, demo[key], key)
    shown = sidebar_menu(page)
    assert shown == MENUS[key], " | ".join(shown)


def test_a_member_logs_in_but_is_kept_out_of_the_admin(page: Page, demo: dict[str, Any]) -> None:
    page.goto("/en/accounts/login/?next=/admin/")
    log_in(page, "en", demo["member"].email, PASSWORDS["member"])
    expect(page).not_to_have_url(re.compile(r"/admin/$"))
    expect(page.locator(".sidebar-main-menu")).to_have_count(0)
