"""A campaign page from the page cache, in Chromium: what one visitor does never shows to
another, the count moves on every open page, and a form from the cache is sent without a
CSRF token from the page of this site and not from another (docs/architecture.md, "Cached
action pages and CSRF")."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from wagtail.models import Locale

from chorus.actions.models import Action
from chorus.news.models import HomePage
from chorus.petitions.demo import load_demo_campaign

from .conftest import translated

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("browser")]

CODE = "th"
CACHE_HEADER = "x-chorus-page-cache"


def signatures_shown(page: Page) -> int:
    return int(re.sub(r"\D", "", page.locator(".thermometer__count strong").inner_text()))


def open_page(page: Page, url: str) -> str:
    response = page.goto(url)
    assert response is not None and response.status == 200
    return response.headers.get(CACHE_HEADER, "")


def sign(page: Page, name: str, email: str) -> None:
    form = page.locator("form.action-form")
    form.locator("input[name=name]").fill(name)
    form.locator("input[name=email]").fill(email)
    form.locator("input[name=consent]").check()
    page.wait_for_timeout(3500)  # a person's pace: the fill-time check flags instant submissions
    form.get_by_role("button", name=translated(CODE, "Sign")).click()


def test_one_visitors_errors_and_thanks_never_reach_another_and_the_count_moves(
    browser: Browser, live_server: Any, demo: dict[str, Any], org_key: Any, page_cache_on: None
) -> None:
    petition = load_demo_campaign(HomePage.objects.get(locale=Locale.get_default()))
    thai = petition.get_translation(Locale.objects.get(language_code=CODE))
    url = f"{live_server.url}{thai.url}"
    watcher_context, signer_context, newcomer_context = (browser.new_context() for _ in range(3))
    try:
        watcher, signer, newcomer = (
            context.new_page() for context in (watcher_context, signer_context, newcomer_context)
        )
        assert open_page(watcher, url) == "miss"
        assert open_page(signer, url) == "hit"
        # No cookie at all (no CSRF token, no session, not even the language): the same page
        # for every visitor, which a reverse proxy may keep too.
        assert signer.context.cookies() == []
        before = signatures_shown(watcher)

        # The signer sends the form empty: the errors are theirs alone.
        signer.locator("form.action-form").get_by_role("button", name=translated(CODE, "Sign")).click()
        expect(signer.locator(".form-errors, .errorlist").first).to_be_visible()
        assert open_page(newcomer, url) == "hit"
        expect(newcomer.locator(".errorlist")).to_have_count(0)
        expect(newcomer.locator("form.action-form input[name=name]")).to_have_value("")

        # Filling in takes a fresh form token (the cached one was stamped when the page was made).
        cached_token = newcomer.locator("input[name=form_token]").input_value()
        newcomer.locator("input[name=email]").focus()
        expect(newcomer.locator("input[name=form_token]")).not_to_have_value(cached_token)

        signer.goto(url)
        sign(signer, "มาลี ศรีสุข", "malee.cache@example.org")
        expect(signer.locator("h1")).to_have_text(re.compile(re.escape(translated(CODE, "Thank you"))))

        # The watcher's page, open all along, shows the new signature at its next poll (every
        # 4 s; the deadline is generous for a busy machine).
        expect(watcher.locator(".thermometer__count strong")).to_have_text(
            re.compile(rf"^{before + 1}$"), timeout=20_000
        )
        # A visitor arriving now gets the cached page: the form, not the signer's thank-you.
        assert open_page(newcomer, url) == "hit"
        expect(newcomer.locator("form.action-form")).to_be_visible()
        expect(newcomer.locator("h1")).not_to_have_text(re.compile(re.escape(translated(CODE, "Thank you"))))
    finally:
        for context in (watcher_context, signer_context, newcomer_context):
            context.close()
    assert Action.objects.filter(page_id=petition.pk).count() == 1


def test_a_cached_form_cannot_be_sent_from_another_site(
    browser: Browser, live_server: Any, demo: dict[str, Any], org_key: Any, page_cache_on: None
) -> None:
    """Another site's page posting our form (CSRF) gets the refusal; nothing is recorded."""
    petition = load_demo_campaign(HomePage.objects.get(locale=Locale.get_default()))
    thai = petition.get_translation(Locale.objects.get(language_code=CODE))
    forged = f"""<!DOCTYPE html><title>Win a prize</title>
        <form method="post" action="{live_server.url}/{CODE}/act/{thai.pk}/">
        <input name="name" value="Forged"><input name="email" value="forged@example.org">
        <input name="consent" value="on"><button>Go</button></form>"""
    context = browser.new_context()
    try:
        page = context.new_page()
        # Another site, served to the browser by the test itself (Chromium thinks it is real).
        page.route(
            "http://attacker.test/**", lambda route: route.fulfill(body=forged, content_type="text/html")
        )
        page.goto("http://attacker.test/prize")
        page.get_by_role("button", name="Go").click()
        expect(page.locator("h1")).to_have_text(translated(CODE, "Your form could not be sent"))
    finally:
        context.close()
    assert not Action.objects.filter(page_id=petition.pk).exists()
