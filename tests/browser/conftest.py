"""Playwright on Debian's Chromium against Django's live server, with the demo site loaded.

Every test here is transactional (the live server answers from another thread, so it must
see committed rows) and is marked `xdist_group("browser")`, so that under
`pytest -n 2 --dist loadgroup` they share one worker, one browser and one live server.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.db import connection, transaction
from django.utils import translation
from playwright.sync_api import BrowserContext, Page, expect

from chorus.news.demo import DEMO_USERS, load_demo_content, load_demo_users
from tests.delivery.smtp import SMTPServer
from tests.helpers import PATIENCE

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
# No sandbox because CI runs as root; the rest stops Chromium from phoning home.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# Every WCAG 2.x success criterion at levels A and AA that axe can test.
WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

LANGUAGE_TAGS = {"en": "en", "zh-hans": "zh-Hans", "zh-hant": "zh-Hant", "th": "th", "ko": "ko", "km": "km"}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any], live_server: Any) -> dict[str, Any]:
    # English Accept-Language, so a language choice the site makes is the site's, not the browser's.
    return {**browser_context_args, "base_url": live_server.url, "locale": "en-GB"}


# Playwright waits 5 s for an expectation and 30 s for an action by default: on a shared, loaded
# machine a page that is right can take longer to get there. It still polls, so a fast run is
# no slower; only a failure waits the whole time.
BROWSER_PATIENCE_MS = int(PATIENCE * 1000)
expect.set_options(timeout=BROWSER_PATIENCE_MS)


@pytest.fixture
def context(context: BrowserContext) -> BrowserContext:
    context.set_default_timeout(BROWSER_PATIENCE_MS)
    context.set_default_navigation_timeout(BROWSER_PATIENCE_MS)
    return context


class DemoSnapshot:
    """A copy of every Django table, taken once the demo is loaded, kept in the test database.

    Loading the demo through Wagtail (pages, revisions, translations, search index) takes
    seconds; copying its rows back with `INSERT ... SELECT` takes milliseconds, on SQLite and
    PostgreSQL alike. The copies are plain tables Django does not know, so flushes leave them.
    """

    def __init__(self) -> None:
        self.tables: list[tuple[str, str]] = []

    def take(self) -> None:
        quote = connection.ops.quote_name
        tables = sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))
        with transaction.atomic(), connection.cursor() as cursor:
            for number, table in enumerate(tables):
                copy = f"browser_demo_snapshot_{number}"
                cursor.execute(f"DROP TABLE IF EXISTS {quote(copy)}")
                cursor.execute(f"CREATE TABLE {quote(copy)} AS SELECT * FROM {quote(table)}")
                self.tables.append((table, copy))

    def restore(self) -> None:
        quote = connection.ops.quote_name
        # Foreign keys are checked at the commit, so the order of the tables does not matter.
        with transaction.atomic(), connection.cursor() as cursor:
            # The previous test's flush re-created content types and permissions under new
            # ids: empty every table so that the snapshot's rows, ids included, fit back.
            # (DELETE, not flush: PostgreSQL's TRUNCATE of every table takes a second.)
            for table, _copy in self.tables:
                cursor.execute(f"DELETE FROM {quote(table)}")
            for table, copy in self.tables:
                cursor.execute(f"INSERT INTO {quote(table)} SELECT * FROM {quote(copy)}")


_snapshot = DemoSnapshot()


@pytest.fixture
def demo(live_server: Any, transactional_db: None) -> dict[str, Any]:
    """The demo organisation's pages and accounts, committed, for the live server to serve.

    Each test here ends with a flush (it commits, so that the server thread sees its rows),
    so each starts by putting the demo back. Django's own `serialized_rollback` cannot do it:
    once Playwright's sync API has started, the test thread runs in another contextvars
    context, Django hands out new connection objects, and the copy of the database kept on
    the old one is silently never restored.
    """
    if _snapshot.tables:
        _snapshot.restore()
    else:
        load_demo_content()
        load_demo_users()
        _snapshot.take()
    # In-process caches would still hold the ids of the rows the flush removed.
    ContentType.objects.clear_cache()
    for cache in caches.all():
        cache.clear()
    users = get_user_model().objects.filter(email__in=[user.email for user in DEMO_USERS])
    keys = {account.email: account.key for account in DEMO_USERS}
    return {keys[user.email]: user for user in users}


def translated(code: str, message: str, **params: str) -> str:
    """`message` as the catalogue for `code` has it, the way the templates render it."""
    with translation.override(code):
        text = translation.gettext(message)
    return text % params if params else text


def normalised_text(page: Page, selector: str) -> str:
    return " ".join((page.locator(selector).text_content() or "").split())


def log_in(page: Page, language: str, email: str, password: str) -> None:
    """Fill in and send the allauth login form on the current page."""
    page.get_by_label(translated(language, "Email address")).fill(email)
    page.get_by_label(translated(language, "Password")).fill(password)
    page.locator("main").get_by_role("button", name=translated(language, "Log in")).click()


def current_totp(secret: str) -> str:
    """The authenticator code for `secret` (RFC 6238), never one about to expire.

    allauth accepts only the current 30-second step, so a code read in the last seconds
    of a step could be stale when the form arrives: wait for the next step instead.
    """
    if time.time() % 30 > 25:
        time.sleep(30 - time.time() % 30 + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def run_axe(page: Page) -> list[dict[str, Any]]:
    """axe-core's WCAG 2 A/AA violations on the current page.

    axe goes in through the DevTools protocol rather than a <script> tag, which the site's
    strict Content-Security-Policy would (rightly) refuse; the page is audited as served.
    """
    # A message fading in (Wagtail's admin messages) is audited at its final colours, not
    # half-way through the animation: every finite animation jumps to its end.
    page.evaluate("document.getAnimations().forEach(a => { try { a.finish(); } catch (e) {} })")
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result: dict[str, Any] = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_AA_TAGS,
    )
    return result["violations"]


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} [{violation['impact']}]: {violation['help']}")
        lines.extend(
            f"    {node['target']}: {re.sub(r'\s+', ' ', node['failureSummary'])}"
            for node in violation["nodes"]
        )
    return "\n".join(lines)


@pytest.fixture
def smtp(settings: Any) -> Iterator[SMTPServer]:
    """A real SMTP server (aiosmtpd) that the live server's mail goes to."""
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    server = SMTPServer()
    server.start()
    settings.MAILERS = server.mailer_settings
    settings.DEFAULT_FROM_EMAIL = "Riverlight Collective <hello@riverlight.example>"
    yield server
    server.stop()
